import { aws } from "@azfed/aws";
import { azurePipelines } from "@azfed/azure-pipelines";
import { buildkite } from "@azfed/buildkite";
import { type AssertionProvider, FederatedTokenCredential, InvalidInputError } from "@azfed/core";
import { gcp } from "@azfed/gcp";
import { githubActions } from "@azfed/github";
import { gitlab } from "@azfed/gitlab";
import { kubernetes } from "@azfed/kubernetes";
import { managedIdentity } from "@azfed/managed-identity";
import { jenkins, oidcToken, spacelift } from "@azfed/oidc-token";
import { spiffe } from "@azfed/spiffe";
import { describe, expect, it } from "vitest";
import { DefaultFederatedCredential } from "../src/default-federated-credential";
import { selectProvider } from "../src/select-provider";

/**
 * One checker (core's checkProviderOptions / checkMilliseconds / checkRetryOptions) behind every
 * entry point: the same bad option gives the same InvalidInputError at construction, whichever
 * credential or provider factory it was given to.
 */
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT = "00000000-0000-0000-0000-000000000001";

type Build = (options: Record<string, unknown>) => unknown;
const ENTRY_POINTS: readonly (readonly [string, Build])[] = [
  ["githubActions", (options) => githubActions(options)],
  ["gitlab", (options) => gitlab(options)],
  ["azurePipelines", (options) => azurePipelines(options)],
  ["kubernetes", (options) => kubernetes(options)],
  ["gcp", (options) => gcp(options)],
  ["managedIdentity", (options) => managedIdentity(options)],
  ["aws", (options) => aws(options)],
  ["buildkite", (options) => buildkite(options)],
  ["spiffe", (options) => spiffe(options)],
  ["oidcToken", (options) => oidcToken(options)],
  ["spacelift", (options) => spacelift(options)],
  ["jenkins", (options) => jenkins(options)],
  [
    "FederatedTokenCredential",
    (options) =>
      new FederatedTokenCredential({
        tenantId: TENANT,
        clientId: CLIENT,
        assertion: () => "unused",
        ...options,
      }),
  ],
  ["DefaultFederatedCredential", (options) => new DefaultFederatedCredential(options)],
];

const BAD_OPTIONS: readonly (readonly [string, Record<string, unknown>])[] = [
  ["timeoutMs", { timeoutMs: -5 }],
  ["timeoutMs", { timeoutMs: 0 }],
  ["timeoutMs", { timeoutMs: 3e9 }],
  ["timeoutMs", { timeoutMs: Number.POSITIVE_INFINITY }],
  ["timeoutMs", { timeoutMs: Number.NaN }],
  ["timeoutMs", { timeoutMs: "10000" }],
  ["retry", { retry: 3 }],
  ["retry.maxRetries", { retry: { maxRetries: -1 } }],
  ["retry.maxRetries", { retry: { maxRetries: 1.5 } }],
  ["retry.baseDelayMs", { retry: { baseDelayMs: 0 } }],
  ["retry.maxDelayMs", { retry: { maxDelayMs: 3e9 } }],
  ["env", { env: "GITHUB_ACTIONS=true" }],
  ["dispatcher", { dispatcher: { url: "http://proxy" } }],
];

function thrownBy(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error("expected an InvalidInputError at construction, nothing was thrown");
}

describe("every entry point checks the shared options with the same checker", () => {
  for (const [field, options] of BAD_OPTIONS) {
    const shown = Object.entries(options).map(
      ([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`,
    );
    it(`${shown.join(", ")}: the same InvalidInputError (${field}) from all ${ENTRY_POINTS.length}`, () => {
      const messages = new Map<string, string>();
      for (const [entry, build] of ENTRY_POINTS) {
        const error = thrownBy(() => build(options));
        expect(error.field, entry).toBe(field);
        expect(error.message, entry).toMatch(/ Fix: /);
        messages.set(entry, error.message);
      }
      expect(new Set(messages.values()).size, JSON.stringify(Object.fromEntries(messages))).toBe(1);
    });
  }

  it("accepts the longest timer Node.js runs (2^31-1 ms) everywhere", () => {
    for (const [entry, build] of ENTRY_POINTS) {
      expect(
        () => build({ timeoutMs: 2 ** 31 - 1, retry: { maxDelayMs: 2 ** 31 - 1 } }),
        entry,
      ).not.toThrow();
    }
  });
});

describe("the bugs the checker removes", () => {
  // Before: accepted; the first getAssertion threw a raw RangeError from AbortSignal.timeout(-5).
  it("githubActions({ timeoutMs: -5 }) fails at construction, not at the first request", () => {
    const error = thrownBy(() => githubActions({ timeoutMs: -5 }));
    expect(error.message).toMatch(/^Invalid timeoutMs: got -5; expected a positive number of milliseconds/);
  });

  // Before: accepted; setTimeout(Infinity) fires after 1 ms, so every provider "did not answer".
  it("DefaultFederatedCredential({ detectTimeoutMs: Infinity }) fails at construction", () => {
    const error = thrownBy(
      () => new DefaultFederatedCredential({ detectTimeoutMs: Number.POSITIVE_INFINITY }),
    );
    expect(error.field).toBe("detectTimeoutMs");
  });

  it("selectProvider refuses detectTimeoutMs: Infinity instead of reporting a present platform as silent", async () => {
    const present: AssertionProvider = {
      name: "slow-but-present",
      detect: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { available: true, reason: "here" };
      },
      getAssertion: async () => "unused",
    };
    await expect(
      selectProvider([present], { env: {}, detectTimeoutMs: Number.POSITIVE_INFINITY }),
    ).rejects.toMatchObject({ name: "InvalidInputError", field: "detectTimeoutMs" });
    await expect(selectProvider([present], { env: {}, detectTimeoutMs: 1_000 })).resolves.toMatchObject({
      provider: present,
    });
  });

  it.each([["probeTimeoutMs"]])("gcp's %s goes through the same millisecond check", (field) => {
    const error = thrownBy(() => gcp({ [field]: 3e9 }));
    expect(error.field).toBe(field);
    expect(error.expected).toBe(thrownBy(() => githubActions({ timeoutMs: 3e9 })).expected);
  });
});
