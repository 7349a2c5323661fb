import { CredentialUnavailableError } from "@azfed/core/provider";

/**
 * The `CredentialUnavailableError` of a built-in provider whose package, an optional peer dependency
 * of `@azfed/identity`, is not installed. Its `name` stays `"CredentialUnavailableError"` (so
 * `ChainedTokenCredential` moves on); `packageName` says which package to install.
 *
 * @example
 * ```ts
 * try {
 *   await optionalPackage("@azfed/aws", () => import("@azfed/aws"));
 * } catch (error) {
 *   if (error instanceof OptionalPackageMissingError) console.log(`npm install ${error.packageName}`);
 * }
 * ```
 */
export class OptionalPackageMissingError extends CredentialUnavailableError {
  /** The package to install next to `@azfed/identity`, e.g. `"@azfed/terraform"`. */
  readonly packageName: string;

  constructor(packageName: string, options?: { cause?: unknown }) {
    super(
      `the ${packageName} package is not installed; install it next to @azfed/identity (npm install ${packageName})`,
      options,
    );
    this.packageName = packageName;
  }
}

/**
 * An optional peer's module, or an {@link OptionalPackageMissingError} when the package itself is
 * not installed. Any other failure (a package that is there but fails to load, a missing module
 * that the package imports) is thrown as is.
 *
 * @example
 * ```ts
 * const { aws } = await optionalPackage("@azfed/aws", () => import("@azfed/aws"));
 * ```
 */
export async function optionalPackage<T>(packageName: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissingPackage(error, packageName)) throw new OptionalPackageMissingError(packageName);
    throw error;
  }
}

/**
 * Whether `error` is Node's "cannot find package" for `packageName` itself (ESM `import()` or CJS
 * `require()`), not for something the package imports.
 */
function isMissingPackage(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return false;
  const message = error instanceof Error ? error.message : String(error);
  return message.includes(`'${packageName}'`) || message.includes(`"${packageName}"`);
}
