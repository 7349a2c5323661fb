import { AssertionFetchError, CredentialUnavailableError, InvalidInputError } from "@azfed/core";
import type { HttpRequest } from "@azfed/core/provider";
import {
  captureAzureLogs,
  type GcpMetadataEmulator,
  type RunningServer,
  rejectionOf,
  startHttpsServer,
} from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { gcp } from "../src/index";
import { useGcpMetadata } from "./metadata-fixture";
import { startBlackHole, unusedPort } from "./silent-servers";

const AUDIENCE = "api://AzureADTokenExchange";
const context = { audience: AUDIENCE };
const NOT_GOOGLE_CLOUD = "this is not Google Cloud, or set GCE_METADATA_HOST to the metadata server's host";

let metadata: GcpMetadataEmulator;

useGcpMetadata((started) => {
  ({ metadata } = started);
});

/** A dispatcher that refuses every request before any connection: what it saw, and a plain error. */
function refusingDispatcher(): {
  readonly dispatcher: HttpRequest["dispatcher"];
  readonly origins: string[];
} {
  const origins: string[] = [];
  const dispatcher = {
    dispatch: (options: { origin?: unknown }) => {
      origins.push(String(options.origin));
      throw new Error("refused by the dispatcher");
    },
  } as unknown as HttpRequest["dispatcher"];
  return { dispatcher, origins };
}

describe("gcp() getAssertion: each refusal, word for word", () => {
  const expectFetchError = async (promise: Promise<string>, statusCode: number, message: string) => {
    const error = await rejectionOf(promise);
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect((error as AssertionFetchError).statusCode).toBe(statusCode);
    expect(error.message).toBe(`gcp: ${message}`);
  };

  it("an answer without Metadata-Flavor: Google", async () => {
    metadata.failNext(1, { withoutFlavorHeader: true });
    await expectFetchError(
      gcp({ env: metadata.env() }).getAssertion(context),
      200,
      `${metadata.url} answered 200 without the Metadata-Flavor: Google response header, so it is not the Google Cloud metadata server (a proxy or another server answered); check GCE_METADATA_HOST and put metadata.google.internal in NO_PROXY`,
    );
  });

  it("a 404 for a service account not attached", async () => {
    await expectFetchError(
      gcp({ env: metadata.env(), serviceAccount: "ghost@p.iam.gserviceaccount.com" }).getAssertion(context),
      404,
      'the metadata server answered 404 for service account ghost@p.iam.gserviceaccount.com: no such service account is attached to this workload (attach one, or pass serviceAccount: "default")',
    );
  });

  it("a 403", async () => {
    metadata.failNext(1, { status: 403 });
    await expectFetchError(
      gcp({ env: metadata.env() }).getAssertion(context),
      403,
      "the metadata server answered 403 Forbidden; on GKE, check that the Kubernetes service account is bound to a Google service account (Workload Identity Federation for GKE)",
    );
  });

  it("another status, with its reason phrase", async () => {
    metadata.failNext(1, { status: 418 });
    await expectFetchError(
      gcp({ env: metadata.env(), retry: { maxRetries: 0 } }).getAssertion(context),
      418,
      "the metadata server answered 418 I'm a Teapot; expected 200 with an identity token",
    );
  });

  it.each([
    ["", "with an empty body"],
    ["  \n", "with an empty body"],
    ["not a token", "the body is not a JWT"],
  ])("a 200 with %j", async (body, what) => {
    metadata.failNext(1, { status: 200, body });
    await expectFetchError(
      gcp({ env: metadata.env() }).getAssertion(context),
      200,
      `the metadata server answered 200 but ${what}; expected the identity token as text`,
    );
  });

  it("takes the token without the white space around it", async () => {
    metadata.failNext(1, { status: 200, body: "\n  aaa.bbb.ccc \n" });
    expect(await gcp({ env: metadata.env() }).getAssertion(context)).toBe("aaa.bbb.ccc");
  });

  it("a server whose TLS certificate is not trusted answered: an AssertionFetchError, not unavailable", async () => {
    const server: RunningServer = await startHttpsServer((_request, response) => response.end("x"));
    try {
      const error = await rejectionOf(gcp({ metadataHost: server.url }).getAssertion(context));
      expect(error).toBeInstanceOf(AssertionFetchError);
      expect(error).not.toBeInstanceOf(CredentialUnavailableError);
      expect(error.message).toMatch(
        /^gcp: Request to https:\/\/127\.0\.0\.1:\d+\/computeMetadata.* certificate was not trusted/,
      );
    } finally {
      await server.close();
    }
  });
});

describe("gcp() getAssertion: when nothing usable answers", () => {
  it("nothing listens: unavailable, word for word", async () => {
    const host = `127.0.0.1:${await unusedPort()}`;
    const error = await rejectionOf(
      gcp({ metadataHost: host, retry: { maxRetries: 0 } }).getAssertion(context),
    );
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toBe(
      `gcp: the metadata server at http://${host} could not be reached (ECONNREFUSED) after 1 attempt(s): ${NOT_GOOGLE_CLOUD}`,
    );
    // What failed is kept (scrubbed) as the cause, for a debugger or a log of the chain.
    expect((error as Error).cause).toMatchObject({ name: "HttpRequestError", reason: "network" });
  });

  it("a black hole: unavailable, word for word", async () => {
    const blackHole = await startBlackHole();
    try {
      const error = await rejectionOf(
        gcp({ metadataHost: blackHole.host, timeoutMs: 300, retry: { maxRetries: 0 } }).getAssertion(context),
      );
      expect(error).toBeInstanceOf(CredentialUnavailableError);
      expect(error.message).toBe(
        `gcp: the metadata server at http://${blackHole.host} did not answer in time after 1 attempt(s): ${NOT_GOOGLE_CLOUD}`,
      );
    } finally {
      await blackHole.close();
    }
  });

  it("asks metadata.google.internal when no host is named, through the dispatcher given ('network error' without a code)", async () => {
    const { dispatcher, origins } = refusingDispatcher();
    const error = await rejectionOf(
      gcp({ env: {}, dispatcher, retry: { maxRetries: 0 } }).getAssertion(context),
    );
    expect(origins).toEqual(["http://metadata.google.internal"]);
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toBe(
      `gcp: the metadata server at http://metadata.google.internal could not be reached (network error) after 1 attempt(s): ${NOT_GOOGLE_CLOUD}`,
    );
  });

  it("logs its request as gcp's", async () => {
    const logs = captureAzureLogs();
    try {
      await gcp({ env: metadata.env() }).getAssertion(context);
    } finally {
      logs.restore();
    }
    expect(logs.lines).toContainEqual(
      expect.stringMatching(
        / gcp: GET http:\/\/127\.0\.0\.1:\d+\/computeMetadata\/v1\/instance\/service-accounts\/default\/identity -> 200 in \d+ ms$/,
      ),
    );
  });

  it("sends the audience percent-encoded, whatever it holds", async () => {
    const audience = "api://contoso/x?a=1&b=2 c";
    await gcp({ env: metadata.env() }).getAssertion({ audience });
    expect(metadata.requests[0]).toMatchObject({ audience, format: "full" });
  });
});

describe("gcp() options: what each refusal says", () => {
  it("a serviceAccount that is neither default nor an email", () => {
    const error = (() => {
      try {
        gcp({ serviceAccount: "deployer" });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toBe(
      'Invalid serviceAccount: got "deployer"; expected "default" or a service account email such as api@contoso-prod.iam.gserviceaccount.com. Fix: leave serviceAccount out to use the one attached to the workload, or pass the email as gcloud iam service-accounts list shows it.',
    );
  });

  it("an empty probeHosts", () => {
    const error = (() => {
      try {
        gcp({ probeHosts: [] });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toBe(
      "Invalid probeHosts: got []; expected at least one host. Fix: leave probeHosts out to probe the default hosts, 169.254.169.254 and metadata.google.internal.",
    );
  });

  it("probes for probeTimeoutMs, 3000 ms unless told", async () => {
    const blackHole = await startBlackHole();
    try {
      const detection = await gcp({ probeHosts: [blackHole.host] }).detect({});
      expect(detection.reason).toContain("no answer within 3000 ms");
    } finally {
      await blackHole.close();
    }
  });
});
