import { randomBytes } from "node:crypto";
import { claimsOf } from "./claims-of";
import { expectNoSecrets, exposedText } from "./secret-exposure";

/** A detection as `AssertionProvider.detect` (in `@azfed/core`) returns it. */
export interface ContractDetection {
  readonly available: boolean;
  readonly reason?: string;
}

/**
 * The part of an `AssertionProvider` (from `@azfed/core`) the contract exercises; every provider
 * built on core has this shape.
 *
 * @example
 * ```ts
 * const provider: ContractProvider = githubActions({ env: github.env(), dispatcher: github.dispatcher });
 * ```
 */
export interface ContractProvider {
  readonly name: string;
  /** Whether the platform is present in `env`, as `AssertionProvider.detect` answers. */
  detect?(env?: NodeJS.ProcessEnv): ContractDetection | Promise<ContractDetection>;
  /** A fresh external token for `context.audience`. */
  getAssertion(context: { readonly audience: string; readonly signal?: AbortSignal }): Promise<string>;
}

/**
 * What {@link providerContract} needs to know about a provider and the emulator of its platform.
 * The functions are called only when a check runs, so they may read emulators a `beforeAll` starts.
 *
 * @example
 * ```ts
 * const subject: ProviderContractSubject = {
 *   name: "github-actions",
 *   create: (env) => githubActions({ env, dispatcher: github.dispatcher, retry: { maxRetries: 0 } }),
 *   platformEnv: () => github.env(),
 *   secretVariables: ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"],
 *   secrets: () => github.issuedTokens,
 * };
 * ```
 */
export interface ProviderContractSubject {
  /** The name the provider must report, e.g. `"github-actions"`. */
  readonly name: string;
  /**
   * Builds the provider reading `env` (its `env` option) and talking to the emulator (its
   * dispatcher, few or no retries, and nothing that would probe the real network).
   */
  readonly create: (env: NodeJS.ProcessEnv) => ContractProvider;
  /** The variables of a job or pod on the platform, from the emulator: there the provider works. */
  readonly platformEnv: () => Record<string, string>;
  /**
   * The variables of {@link ProviderContractSubject.platformEnv} whose values are secrets (request
   * tokens, access tokens, ID tokens): no error or detection reason may show them, even altered.
   */
  readonly secretVariables: readonly string[];
  /** Other secrets no error may show, e.g. every token the emulator issued; read after the calls. */
  readonly secrets?: () => Iterable<string>;
  /** The audience asked for. Default `api://AzureADTokenExchange`. */
  readonly audience?: string;
}

/**
 * One check of the provider contract: a name for the test and the function that throws a
 * {@link ProviderContractError} when the provider breaks the rule.
 *
 * @example
 * ```ts
 * for (const check of providerContract(subject)) it(check.name, check.run);
 * ```
 */
export interface ProviderContractCheck {
  readonly name: string;
  /** Runs the check; rejects with a `ProviderContractError` saying what the provider did wrong. */
  run(): Promise<void>;
}

/**
 * Thrown by a {@link ProviderContractCheck} when the provider breaks the rule it checks; the message
 * says which rule and in which environment, never a secret's value.
 *
 * @example
 * ```ts
 * await check.run().catch((error) => {
 *   if (error instanceof ProviderContractError) console.log(error.message);
 * });
 * ```
 */
export class ProviderContractError extends Error {
  override readonly name = "ProviderContractError";
}

const JWT_SHAPE = /eyJ[\w-]+\.eyJ[\w-]+/;
const DETECT_BUDGET_MS = 5_000;
const ABORT_BUDGET_MS = 2_000;

/**
 * The checks every assertion provider must pass, for the test runner to register: it reports its
 * name; `detect` never throws and always gives a reason (on the platform, off it, and with each
 * variable of the platform removed, emptied or replaced); off the platform `getAssertion` rejects with
 * a `CredentialUnavailableError` (what `@azure/identity`'s chains look for); on it, it gives a JWT for
 * the audience; it honours an aborted signal; and no error or reason ever shows a secret or a JWT.
 *
 * @example
 * ```ts
 * import { providerContract, startGitHubActionsEmulator } from "@azfed/testing";
 *
 * let github: GitHubActionsEmulator;
 * beforeAll(async () => { github = await startGitHubActionsEmulator(); });
 * afterAll(() => github.close());
 *
 * describe("githubActions() keeps the provider contract", () => {
 *   for (const check of providerContract({
 *     name: "github-actions",
 *     create: (env) => githubActions({ env, dispatcher: github.dispatcher, retry: { maxRetries: 0 } }),
 *     platformEnv: () => github.env(),
 *     secretVariables: ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"],
 *     secrets: () => github.issuedTokens,
 *   })) it(check.name, check.run);
 * });
 * ```
 */
export function providerContract(subject: ProviderContractSubject): ProviderContractCheck[] {
  const audience = subject.audience ?? "api://AzureADTokenExchange";
  return [
    {
      name: `is named "${subject.name}"`,
      run: async () => {
        const { name } = subject.create(subject.platformEnv());
        if (name !== subject.name)
          fail(`the provider is named ${JSON.stringify(name)}, not "${subject.name}"`);
      },
    },
    {
      name: "detect gives a reason on the platform and off it, and never throws",
      run: async () => {
        const onPlatform = await detection(subject, subject.platformEnv(), "on the platform");
        if (!onPlatform.available) fail(`detect says unavailable on the platform: ${onPlatform.reason}`);
        const offPlatform = await detection(subject, {}, "in an empty environment");
        if (offPlatform.available) fail("detect says available in an empty environment");
        for (const variant of variantsOf(subject)) await detection(subject, variant.env, variant.description);
      },
    },
    {
      name: `getAssertion on the platform gives a JWT for ${audience}`,
      run: async () => {
        const token = await subject.create(subject.platformEnv()).getAssertion({ audience });
        let aud: unknown;
        try {
          aud = claimsOf(token).aud;
        } catch {
          fail("getAssertion on the platform gave something that is not a JWT");
        }
        if (!(aud === audience || (Array.isArray(aud) && aud.includes(audience)))) {
          fail(`getAssertion gave a token for audience ${JSON.stringify(aud)}, not ${audience}`);
        }
      },
    },
    {
      name: "getAssertion off the platform rejects with a CredentialUnavailableError",
      run: async () => {
        const error = await outcomeOf(subject.create({}).getAssertion({ audience }));
        if (!(error instanceof Error)) fail("getAssertion in an empty environment did not reject");
        if (error.name !== "CredentialUnavailableError") {
          fail(
            `getAssertion in an empty environment rejected with ${error.name}, not CredentialUnavailableError`,
          );
        }
      },
    },
    {
      name: "getAssertion honours an aborted signal",
      run: async () => {
        const reason = new Error("the caller gave up");
        const started = Date.now();
        const error = await outcomeOf(
          subject.create(subject.platformEnv()).getAssertion({ audience, signal: AbortSignal.abort(reason) }),
        );
        if (!(error instanceof Error)) fail("getAssertion with an aborted signal did not reject");
        if (!causeChain(error).includes(reason)) {
          fail(
            `getAssertion with an aborted signal rejected with ${error.name}, which does not carry the signal's reason`,
          );
        }
        if (Date.now() - started > ABORT_BUDGET_MS)
          fail(`getAssertion took over ${ABORT_BUDGET_MS} ms to give up`);
      },
    },
    {
      name: "no error nor detection reason shows a secret or a JWT",
      run: async () => {
        const texts: string[] = [];
        const canaries: string[] = [];
        const envs = [{ env: {}, description: "in an empty environment" }, ...variantsOf(subject, canaries)];
        for (const { env, description } of envs) {
          texts.push((await detection(subject, env, description)).reason);
          const error = await outcomeOf(subject.create(env).getAssertion({ audience }));
          if (error !== undefined) texts.push(exposedText(error));
        }
        const platform = subject.platformEnv();
        const secrets = [
          ...subject.secretVariables
            .map((variable) => platform[variable])
            .filter((value) => value !== undefined),
          ...canaries,
          ...(subject.secrets?.() ?? []),
        ].filter((secret) => secret.length >= 8);
        try {
          expectNoSecrets(texts, [...secrets, JWT_SHAPE]);
        } catch (error) {
          fail(`a secret shows: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
    },
  ];
}

interface EnvironmentVariant {
  readonly env: Record<string, string>;
  readonly description: string;
}

/**
 * The platform's environment with one variable at a time removed, emptied, and (for a secret one)
 * replaced by a random canary that `canaries` collects.
 */
function variantsOf(subject: ProviderContractSubject, canaries: string[] = []): EnvironmentVariant[] {
  const platform = subject.platformEnv();
  const variants: EnvironmentVariant[] = [];
  for (const variable of Object.keys(platform)) {
    const { [variable]: _removed, ...without } = platform;
    variants.push({ env: without, description: `without ${variable}` });
    variants.push({ env: { ...platform, [variable]: "" }, description: `with ${variable} empty` });
    if (subject.secretVariables.includes(variable)) {
      const canary = `canary-${randomBytes(12).toString("hex")}`;
      canaries.push(canary);
      variants.push({ env: { ...platform, [variable]: canary }, description: `with another ${variable}` });
    }
  }
  return variants;
}

async function detection(
  subject: ProviderContractSubject,
  env: NodeJS.ProcessEnv,
  description: string,
): Promise<{ available: boolean; reason: string }> {
  const provider = subject.create(env);
  if (typeof provider.detect !== "function") fail("the provider has no detect");
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ProviderContractError(`detect ${description} took over ${DETECT_BUDGET_MS} ms`)),
      DETECT_BUDGET_MS,
    );
  });
  let result: ContractDetection;
  try {
    result = await Promise.race([
      Promise.resolve().then(() => provider.detect?.(env) as ContractDetection),
      timeout,
    ]);
  } catch (error) {
    if (error instanceof ProviderContractError) throw error;
    fail(`detect threw ${description}: ${error instanceof Error ? error.name : typeof error}`);
  } finally {
    clearTimeout(timer);
  }
  if (typeof result?.available !== "boolean") fail(`detect ${description} gave no boolean "available"`);
  if (typeof result.reason !== "string" || result.reason.trim() === "")
    fail(`detect ${description} gave no reason`);
  return { available: result.available, reason: result.reason };
}

/** What `promise` rejects with, or `undefined` when it resolves. */
async function outcomeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error ?? new Error("rejected with nothing");
  }
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && chain.length < 8; ) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

function fail(message: string): never {
  throw new ProviderContractError(message);
}
