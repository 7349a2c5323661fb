import type { Detection } from "@azfed/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CredentialUnavailableError } from "../src/errors/credential-unavailable-error";
import { type Federation, SCOPE, startFederation } from "./federation-fixture";

let federation: Federation;
beforeAll(async () => {
  federation = await startFederation();
});
afterAll(async () => {
  await federation?.close();
});

it("asks the provider again after a failed detection, and keeps a successful one", async () => {
  const answers: Detection[] = [
    { available: false, reason: "the metadata server did not answer within 500 ms" },
    { available: true },
  ];
  let asked = 0;
  const credential = federation.credential({
    assertion: {
      name: "flaky-platform",
      detect: () => answers[Math.min(asked++, answers.length - 1)] as Detection,
      getAssertion: (ctx) => federation.assertion(ctx),
    },
  });

  const first = await credential.getToken(SCOPE).catch((error: unknown) => error);
  expect(first).toBeInstanceOf(CredentialUnavailableError);
  expect((first as Error).message).toContain("did not answer within 500 ms");

  const token = await credential.getToken(SCOPE);
  expect(token.token.length).toBeGreaterThan(0);
  await credential.getToken(SCOPE, { enableCae: true });
  expect(asked).toBe(2);
});
