declare const __AZFED_CLI_VERSION__: string | undefined;

/**
 * The version of @azfed/cli, inlined from package.json at build time (`0.0.0-source` when run from
 * source).
 *
 * @example
 * ```ts
 * console.log(`azfed ${CLI_VERSION}`);
 * ```
 */
export const CLI_VERSION: string =
  typeof __AZFED_CLI_VERSION__ === "string" ? __AZFED_CLI_VERSION__ : "0.0.0-source";
