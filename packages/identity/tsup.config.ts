import { defineConfig } from "tsup";

export default defineConfig({
  // The main entry, and one subpath per provider package identity depends on (`@azfed/identity/github`,
  // ...): importing the main entry loads no provider package.
  entry: [
    "src/index.ts",
    "src/azure-pipelines.ts",
    "src/github.ts",
    "src/gitlab.ts",
    "src/kubernetes.ts",
    "src/gcp.ts",
    "src/managed-identity.ts",
  ],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "node20",
  treeshake: true,
});
