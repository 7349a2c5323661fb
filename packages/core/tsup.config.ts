import { defineConfig } from "tsup";

export default defineConfig({
  // The main entry and the provider authors' subpath (`@azfed/core/provider`). Splitting also for
  // CommonJS: both entries share one copy of each module (one InvalidInputError class, one logger).
  entry: { index: "src/index.ts", provider: "src/provider.ts" },
  splitting: true,
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
