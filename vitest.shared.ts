import { fileURLToPath } from "node:url";
import { defineProject, type UserWorkspaceConfig } from "vitest/config";

const packagesDir = fileURLToPath(new URL("./packages/", import.meta.url));

/** Test options a package adds to (or overrides in) its project, e.g. `globalSetup`. */
export type ProjectTestOptions = NonNullable<UserWorkspaceConfig["test"]>;

/**
 * The vitest project of one azfed package. Workspace imports (`@azfed/<name>`) resolve to the
 * package's TypeScript source, so tests run without a build. `extra` adds test options, such as a
 * `globalSetup` file.
 *
 * The test files of a project share one module graph per worker process (`isolate: false`, with
 * the root config's `poolOptions.forks.isolate: false`): each source and dependency (msal-node,
 * undici, jose, the Azure SDK) is imported once per worker, not once per test file, which took
 * about half of the suite's CPU time. A test file must therefore leave no state behind
 * (environment variables, timers, globals) and not depend on a module being loaded fresh. A
 * package whose files need their own module graph each runs with `{ pool: "threads" }` (one
 * worker thread, with its own module cache, per file) and says why.
 */
export function azfedProject(name: string, extra: ProjectTestOptions = {}): UserWorkspaceConfig {
  return defineProject({
    resolve: {
      alias: [
        { find: /^@azfed\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
        // A subpath export (`@azfed/core/provider`) is the file of that name beside index.ts.
        { find: /^@azfed\/([a-z-]+)\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/$2.ts` },
      ],
    },
    test: {
      name,
      include: ["test/**/*.test.ts"],
      environment: "node",
      testTimeout: 30_000,
      hookTimeout: 60_000,
      isolate: false,
      setupFiles: [fileURLToPath(new URL("./vitest.setup.ts", import.meta.url))],
      ...extra,
    },
  });
}
