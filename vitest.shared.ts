import { fileURLToPath } from "node:url";
import { defineProject, type UserWorkspaceConfig } from "vitest/config";

const packagesDir = fileURLToPath(new URL("./packages/", import.meta.url));

/**
 * The vitest project of one azfed package. Workspace imports (`@azfed/<name>`) resolve to the
 * package's TypeScript source, so tests run without a build.
 */
export function azfedProject(name: string): UserWorkspaceConfig {
  return defineProject({
    resolve: {
      alias: [{ find: /^@azfed\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/index.ts` }],
    },
    test: {
      name,
      include: ["test/**/*.test.ts"],
      environment: "node",
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  });
}
