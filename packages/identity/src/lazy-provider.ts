import {
  type AssertionContext,
  type AssertionProvider,
  CredentialUnavailableError,
  type Detection,
} from "@azfed/core";

/**
 * A provider whose package is imported only when it is used: `detect` and `getAssertion` load it
 * (once) and hand over. A package that is not installed makes `detect` answer "not available" and
 * `getAssertion` throw a `CredentialUnavailableError`, both saying what to install. Used for
 * `@azfed/aws`, an optional peer dependency of `@azfed/identity` that brings the AWS SDK: nobody
 * else installs or loads it.
 *
 * @internal
 */
export function lazyProvider(
  name: string,
  packageName: string,
  load: () => Promise<AssertionProvider>,
): AssertionProvider {
  let loaded: Promise<AssertionProvider> | undefined;
  const provider = (): Promise<AssertionProvider> => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw isNotInstalled(error, packageName)
        ? new CredentialUnavailableError(
            `${name}: the ${packageName} package is not installed; install it next to @azfed/identity (npm install ${packageName})`,
          )
        : error;
    });
    return loaded;
  };
  return {
    name,
    async detect(env: NodeJS.ProcessEnv): Promise<Detection> {
      let loadedProvider: AssertionProvider;
      try {
        loadedProvider = await provider();
      } catch (error) {
        return { available: false, reason: error instanceof Error ? error.message : String(error) };
      }
      return loadedProvider.detect ? loadedProvider.detect(env) : { available: true };
    },
    async getAssertion(ctx: AssertionContext): Promise<string> {
      return (await provider()).getAssertion(ctx);
    },
  };
}

function isNotInstalled(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") &&
    error instanceof Error &&
    error.message.includes(packageName)
  );
}
