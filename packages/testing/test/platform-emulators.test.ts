import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  InvalidEmulatorOptionError,
  type PlatformEmulators,
  startPlatformEmulators,
  testCertificateAuthority,
  usePlatformEmulators,
} from "../src/index";

describe("startPlatformEmulators", () => {
  it("starts every platform's emulator on one CA, passes each its options, and closes them all", async () => {
    const platforms = await startPlatformEmulators({
      github: { job: { repository: "contoso/webapp", ref: "refs/heads/main" } },
      gitlab: { projectPath: "contoso/api" },
      kubernetes: (entra) => ({ namespace: "apps", authorityHost: entra.url }),
    });
    try {
      expect(platforms.github.subject).toBe("repo:contoso/webapp:ref:refs/heads/main");
      expect(platforms.gitlab.env.CI_PROJECT_PATH).toBe("contoso/api");
      expect(platforms.kubernetes.env().AZURE_AUTHORITY_HOST).toBe(platforms.entra.url);
      for (const emulator of [platforms.github, platforms.azureDevOps, platforms.entra]) {
        expect(emulator.ca).toBe(platforms.ca);
      }
      expect(
        (
          await fetch(
            `${platforms.gcp.url}/computeMetadata/v1/instance/service-accounts/default/identity?audience=x`,
            { headers: { "metadata-flavor": "Google" } },
          )
        ).ok,
      ).toBe(true);
    } finally {
      await platforms.close();
    }
    await expect(
      fetch(`${platforms.gcp.url}/computeMetadata/v1/instance/service-accounts/default/identity?audience=x`, {
        headers: { "metadata-flavor": "Google" },
      }),
    ).rejects.toThrow();
  });

  it("closes the emulators it started when one of them refuses its options", async () => {
    const ca = await testCertificateAuthority();
    await expect(startPlatformEmulators({ ca, github: { serverUrl: "not a url" } })).rejects.toBeInstanceOf(
      InvalidEmulatorOptionError,
    );
  });
});

describe("usePlatformEmulators", () => {
  let readEarly: unknown;
  const platforms: PlatformEmulators = usePlatformEmulators({ beforeAll, afterAll });
  try {
    void platforms.github;
  } catch (error) {
    readEarly = error;
  }
  beforeAll(() => {
    platforms.reset();
  });

  it("runs the emulators between the file's hooks, and says so when read outside them", () => {
    expect(readEarly).toBeInstanceOf(InvalidEmulatorOptionError);
    expect(platforms.github.env().ACTIONS_ID_TOKEN_REQUEST_URL).toMatch(/^https:\/\/127\.0\.0\.1:/);
    expect(platforms.azureDevOps.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
  });
});
