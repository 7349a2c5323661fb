import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CredentialUnavailableError } from "@azfed/core";
import {
  type CapturedAzureLogs,
  captureAzureLogs,
  type KubernetesTokenFile,
  rejectionOf,
  startKubernetesTokenFile,
} from "@azfed/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KubernetesTokenFileError, kubernetes } from "../src/index";

// projected-token-file.ts holds only Kubernetes' words for core's TokenFile: who writes the token,
// which setting names it, what to check. Each is pinned here word for word.

const context = { audience: "api://AzureADTokenExchange" };
let tokenFile: KubernetesTokenFile;
let logs: CapturedAzureLogs;
let scratch: string;

beforeEach(async () => {
  tokenFile = await startKubernetesTokenFile({ autoRotate: false });
  logs = captureAzureLogs();
  scratch = await mkdtemp(join(tmpdir(), "azfed-k8s-words-"));
});
afterEach(async () => {
  logs.restore();
  await tokenFile.close();
  await rm(scratch, { recursive: true, force: true });
});

describe("the projected token file's words", () => {
  it("a missing file: who writes it and what to check", async () => {
    const missing = join(scratch, "token");
    const error = await rejectionOf(kubernetes({ tokenFilePath: missing }).getAssertion(context));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toBe(
      `kubernetes: the token file ${missing} does not exist; kubelet writes the projected service-account token there: the Azure Workload Identity webhook mounts it in pods labelled azure.workload.identity/use: "true", so check the label, the pod's projected volume and AZURE_FEDERATED_TOKEN_FILE`,
    );
  });

  it("an expired token: what kubelet does and what to check", async () => {
    await tokenFile.rotate({ expired: true });
    const error = await rejectionOf(kubernetes({ env: tokenFile.env() }).getAssertion(context));
    expect(error).toBeInstanceOf(KubernetesTokenFileError);
    expect(error.message).toMatch(
      / kubelet rewrites projected tokens at 80% of their lifetime, so check that the pod's projected volume is mounted and kubelet is healthy$/,
    );
  });

  it("a path that is not a regular file: the setting that names it, and the error's path and problem", async () => {
    const error = await rejectionOf(kubernetes({ tokenFilePath: scratch }).getAssertion(context));
    expect(error).toBeInstanceOf(KubernetesTokenFileError);
    expect(error).toMatchObject({ path: scratch, problem: "unreadable" });
    expect(error.message).toMatch(
      /is a directory, not a regular file; point AZURE_FEDERATED_TOKEN_FILE \(or tokenFilePath\) at the projected service-account token$/,
    );
  });

  it("a token for another audience: a warning that says which audience to set", async () => {
    const other = await startKubernetesTokenFile({ autoRotate: false, audience: "api://other" });
    try {
      await kubernetes({ env: other.env() }).getAssertion(context);
      expect(
        logs.lines.some((line) =>
          line.includes('is for audience ["api://other"], not api://AzureADTokenExchange'),
        ),
      ).toBe(true);
      expect(
        logs.lines.some((line) =>
          line.endsWith(
            "(set the projected volume's audience, or the credential's audience option, to api://AzureADTokenExchange)",
          ),
        ),
      ).toBe(true);
    } finally {
      await other.close();
    }
  });
});
