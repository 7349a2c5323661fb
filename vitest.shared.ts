import { fileURLToPath } from "node:url";
import { defineProject, type UserWorkspaceConfig } from "vitest/config";

const packagesDir = fileURLToPath(new URL("./packages/", import.meta.url));

/** Test options a package adds to (or overrides in) its project, e.g. `globalSetup`. */
export type ProjectTestOptions = NonNullable<UserWorkspaceConfig["test"]>;

/**
 * The vitest project of one azfed package. Workspace imports (`@azfed/<name>`) resolve to the
 * package's TypeScript source, so tests run without a build. `extra` adds test options, such as a
 * `globalSetup` file.
 */
export function azfedProject(name: string, extra: ProjectTestOptions = {}): UserWorkspaceConfig {
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
      ...extra,
    },
  });
}
