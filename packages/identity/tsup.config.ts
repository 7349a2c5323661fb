import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "node20",
  treeshake: true,
  esbuildOptions(options, context) {
    // DefaultFederatedCredential loads each provider with a dynamic import() at detection. In the CJS
    // build that must become a lazy require(): a native import() there would load the providers' ESM
    // builds (and a second copy of @azfed/core) next to the CJS ones.
    if (context.format === "cjs") options.supported = { ...options.supported, "dynamic-import": false };
  },
});
