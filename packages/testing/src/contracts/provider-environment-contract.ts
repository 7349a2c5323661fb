import { strict as assert } from "node:assert";

/**
 * The part of an `AssertionProvider` the environment contract exercises (structural, so that
 * `@azfed/testing` needs nothing of ours at run time).
 *
 * @example
 * ```ts
 * const provider: ProviderUnderTest = githubActions({ dispatcher: github.dispatcher });
 * ```
 */
export interface ProviderUnderTest {
  readonly name: string;
  /** Whether the platform is present in `env`, as `AssertionProvider.detect` answers. */
  detect?(
    env?: NodeJS.ProcessEnv,
  ): { readonly available: boolean } | Promise<{ readonly available: boolean }>;
  /** A fresh external token for `context.audience`. */
  getAssertion(context: { readonly audience: string }): Promise<string>;
}

/**
 * One provider put through the environment contract: how to build it, and an environment in which
 * its platform is present and one in which it is absent.
 *
 * @example
 * ```ts
 * const subject: ProviderEnvironmentSubject = {
 *   create: (env) => githubActions({ ...(env ? { env } : {}), dispatcher: github.dispatcher }),
 *   present: github.env(),
 * };
 * ```
 */
export interface ProviderEnvironmentSubject {
  /** Builds the provider with `env` as its `env` option (none when `undefined`) and whatever else a test needs. */
  create(env: NodeJS.ProcessEnv | undefined): ProviderUnderTest;
  /** Variables with which `detect` finds the platform and `getAssertion` returns a token. */
  readonly present: Readonly<Record<string, string>>;
  /** Variables with which the platform is absent: `getAssertion` must reject. Default `{}`. */
  readonly absent?: Readonly<Record<string, string>>;
  /** Further variables cleared from `process.env` while a case runs (those CI itself may set). */
  readonly alsoClear?: readonly string[];
  /** The audience asked for. Default `api://AzureADTokenExchange`. */
  readonly audience?: string;
}

/**
 * One case of the contract: a name for the test and the function that runs it (it throws an
 * `AssertionError` when the provider breaks the rule).
 *
 * @example
 * ```ts
 * for (const { name, run } of providerEnvironmentContract(subject)) it(name, run);
 * ```
 */
export interface ProviderEnvironmentCase {
  readonly name: string;
  /** Runs the case; throws when the provider breaks the rule it checks. */
  run(): Promise<void>;
}

/**
 * The rule every provider follows for the environment it reads (core's `providerEnvironment`): its
 * `env` option when given, else the environment `detect` was passed, else `process.env` as it is at
 * the call. Returns five cases to run with any test runner; each sets and restores `process.env`
 * itself, so run them one at a time.
 *
 * @example
 * ```ts
 * describe("githubActions() environment", () => {
 *   for (const { name, run } of providerEnvironmentContract(subject)) it(name, run);
 * });
 * ```
 */
export function providerEnvironmentContract(
  subjectOrLater: ProviderEnvironmentSubject | (() => ProviderEnvironmentSubject),
): ProviderEnvironmentCase[] {
  const later = typeof subjectOrLater === "function" ? subjectOrLater : () => subjectOrLater;
  const inCleanEnv =
    (body: (subject: ProviderEnvironmentSubject, env: ContractEnvironment) => Promise<void>) =>
    async (): Promise<void> => {
      const subject = later();
      const env = new ContractEnvironment(subject);
      env.clear();
      try {
        await body(subject, env);
      } finally {
        env.restore();
      }
    };
  return [
    {
      name: "detect: the env option wins over the environment detect is passed",
      run: inCleanEnv(async (subject, env) => {
        assert.equal(await env.detect(subject.create({ ...env.present }), { ...env.absent }), true);
        assert.equal(await env.detect(subject.create({ ...env.absent }), { ...env.present }), false);
      }),
    },
    {
      name: "detect: the environment it is passed wins over process.env",
      run: inCleanEnv(async (subject, env) => {
        env.set(env.present);
        assert.equal(await env.detect(subject.create(undefined), { ...env.absent }), false);
      }),
    },
    {
      name: "detect: with neither, process.env as it is at the call",
      run: inCleanEnv(async (subject, env) => {
        const provider = subject.create(undefined);
        env.set(env.absent);
        assert.equal(await env.detect(provider), false);
        env.set(env.present);
        assert.equal(await env.detect(provider), true);
      }),
    },
    {
      name: "getAssertion: the env option wins over process.env",
      run: inCleanEnv(async (subject, env) => {
        env.set(env.present);
        await env.rejects(subject.create({ ...env.absent }));
      }),
    },
    {
      name: "getAssertion: without the env option, process.env as it is at the call",
      run: inCleanEnv(async (subject, env) => {
        const provider = subject.create(undefined);
        env.set(env.absent);
        await env.rejects(provider);
        env.set(env.present);
        await env.token(provider);
      }),
    },
  ];
}

/** `process.env` for one case: the variables under test cleared, set and restored; the checks. */
class ContractEnvironment {
  readonly present: Readonly<Record<string, string>>;
  readonly absent: Readonly<Record<string, string>>;
  readonly #audience: string;
  readonly #names: readonly string[];
  readonly #saved: readonly (readonly [string, string | undefined])[];

  constructor(subject: ProviderEnvironmentSubject) {
    this.present = subject.present;
    this.absent = subject.absent ?? {};
    this.#audience = subject.audience ?? "api://AzureADTokenExchange";
    this.#names = [
      ...new Set([...Object.keys(this.present), ...Object.keys(this.absent), ...(subject.alsoClear ?? [])]),
    ];
    this.#saved = this.#names.map((name) => [name, process.env[name]] as const);
  }

  clear(): void {
    for (const name of this.#names) delete process.env[name];
  }

  /** Replaces the variables under test in process.env with `env`'s. */
  set(env: Readonly<Record<string, string>>): void {
    this.clear();
    Object.assign(process.env, env);
  }

  restore(): void {
    for (const [name, value] of this.#saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }

  async detect(provider: ProviderUnderTest, env?: NodeJS.ProcessEnv): Promise<boolean> {
    assert.ok(provider.detect, `${provider.name} has no detect()`);
    return (await provider.detect(env)).available;
  }

  async rejects(provider: ProviderUnderTest): Promise<void> {
    const error = await provider.getAssertion({ audience: this.#audience }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.ok(
      error instanceof Error,
      `${provider.name}: getAssertion resolved although the platform is absent`,
    );
    assert.equal(error.name, "CredentialUnavailableError", `${provider.name}: ${error.message}`);
  }

  async token(provider: ProviderUnderTest): Promise<void> {
    const value = await provider.getAssertion({ audience: this.#audience });
    assert.match(value, /^[\w-]+\.[\w-]+\.[\w-]*$/, `${provider.name}: getAssertion did not return a JWT`);
  }
}
