import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "node20",
  treeshake: true,
  // import.meta.url in the CommonJS build (msal-node is loaded through createRequire).
  shims: true,
  // The logger requires @azure/logger in the CommonJS build and imports it in the ESM one.
  esbuildOptions(options, { format }) {
    options.define = { ...options.define, "process.env.AZFED_BUILD_FORMAT": JSON.stringify(format) };
  },
});
