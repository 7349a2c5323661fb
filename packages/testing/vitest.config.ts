import { fileURLToPath } from "node:url";
import { mergeConfig } from "vitest/config";
import { azfedProject } from "../../vitest.shared";

/**
 * scripts/conformance-case.mjs imports @azfed/testing's build; its in-process tests
 * (conformance-case-script-in-process.test.ts) run it on the source, like every other test here.
 */
export const scriptImports = {
  resolve: {
    alias: [
      {
        find: /^\.\.\/packages\/testing\/dist\/index\.js$/,
        replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)),
      },
    ],
  },
};

export default mergeConfig(azfedProject("testing"), scriptImports);
