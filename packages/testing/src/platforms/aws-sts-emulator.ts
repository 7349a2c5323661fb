import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import { type TestCertificateAuthority, testCertificateAuthority } from "../servers/certificate-authority";
import { FaultInjector, type InjectedFault } from "../servers/fault-injection";
import { startHttpsServer } from "../servers/https-server";
import { readBody } from "../servers/json-response";
import { type OidcIssuer, startOidcIssuer } from "./oidc-issuer";

/**
 * An STS refusal {@link AwsStsEmulator.failNext} can queue, answered with STS's status and code:
 * federation not enabled for the account (403 `OutboundWebIdentityFederationDisabledException`),
 * the caller not allowed `sts:GetWebIdentityToken` (403 `AccessDenied`), the caller's credentials
 * expired (403 `ExpiredToken`), a token that would outlive the session (403
 * `SessionDurationEscalationException`), throttling (400 `Throttling`), STS off in the region (403
 * `RegionDisabledException`).
 *
 * @see @aws-sdk/client-sts 3.1178.0 dist-cjs/index.js (each error's awsQueryError code and HTTP status)
 * @example
 * ```ts
 * sts.failNext(1, "federation-disabled");
 * ```
 */
export type AwsStsRefusal =
  | "federation-disabled"
  | "access-denied"
  | "expired-credentials"
  | "session-duration-escalation"
  | "throttled"
  | "region-disabled";

/**
 * One request the STS emulator answered. The `Authorization` header is never kept: only the access
 * key id and the region and service of its SigV4 credential scope.
 *
 * @example
 * ```ts
 * const [request] = sts.requests;
 * request.action; // "GetWebIdentityToken"
 * request.audiences; // ["api://AzureADTokenExchange"]
 * request.region; // "eu-west-2"
 * ```
 */
export interface AwsStsRequest {
  readonly action: string | undefined;
  readonly audiences: readonly string[];
  readonly signingAlgorithm: string | undefined;
  readonly durationSeconds: number | undefined;
  /** The access key id of the SigV4 `Credential=` scope. */
  readonly accessKeyId: string | undefined;
  /** The region of the SigV4 credential scope. */
  readonly region: string | undefined;
  /** The service of the SigV4 credential scope (`sts`). */
  readonly service: string | undefined;
  readonly status: number;
  /** STS's error code, on a refusal. */
  readonly errorCode: string | undefined;
}

/**
 * Options of {@link startAwsStsEmulator}.
 *
 * @example
 * ```ts
 * const options: AwsStsEmulatorOptions = { roleArn: "arn:aws:iam::123456789012:role/apps/payments-api", region: "eu-west-2" };
 * ```
 */
export interface AwsStsEmulatorOptions {
  /** The caller's role: the tokens' `sub`. Default `arn:aws:iam::123456789012:role/azfed-demo`. */
  readonly roleArn?: string;
  /** The region the emulator serves; a request signed for another is refused. Default `eu-west-2`. */
  readonly region?: string;
  /** The CA that signs both servers' certificates. Default {@link testCertificateAuthority}(). */
  readonly ca?: TestCertificateAuthority;
}

/**
 * A running STS emulator: `GetWebIdentityToken` over HTTPS on 127.0.0.1 (the AWS SDK's awsQuery
 * protocol: a form-encoded POST, an XML answer), tokens signed RS256 by an OIDC issuer with
 * discovery and JWKS that the Entra emulator can trust.
 *
 * @example
 * ```ts
 * const sts = await startAwsStsEmulator();
 * Object.assign(process.env, sts.env());
 * // aws() now asks sts.url; the tokens' iss is sts.issuer, their sub sts.roleArn
 * await sts.close();
 * ```
 */
export interface AwsStsEmulator {
  /** The STS endpoint, `https://127.0.0.1:PORT` (for `AWS_ENDPOINT_URL_STS` or `endpoint`). */
  readonly url: string;
  /** The tokens' `iss`: `https://127.0.0.1:PORT/{id}`, standing for `https://{id}.tokens.sts.global.api.aws`. */
  readonly issuer: string;
  /** The tokens' `sub`. */
  readonly roleArn: string;
  /** The 12-digit account of {@link AwsStsEmulator.roleArn}. */
  readonly account: string;
  readonly region: string;
  readonly ca: TestCertificateAuthority;
  /** Every request answered, in order. */
  readonly requests: readonly AwsStsRequest[];
  /** Every token issued, to check that none leaks into a log or an error. */
  readonly issuedTokens: readonly string[];
  /** How many `GetWebIdentityToken` requests were answered (refusals included). */
  count(): number;
  /** Makes the next `count` requests fail with an STS refusal, or an injected HTTP fault. */
  failNext(count: number, fault: AwsStsRefusal | InjectedFault): void;
  /**
   * The variables that point the AWS SDK at this emulator and at nothing else: the endpoint, the
   * region, static test credentials, the test CA as `AWS_CA_BUNDLE`, `AWS_EC2_METADATA_DISABLED=true`,
   * and config files that do not exist.
   */
  env(): Record<string, string>;
  /** Forgets the requests, the tokens, the count and any queued fault. */
  reset(): void;
  /** Stops both servers. */
  close(): Promise<void>;
}

const STS_XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::(\d{12}):(role|user)\/[\x21-\x7e]+$/;
const REFUSALS: Record<AwsStsRefusal, { status: number; code: string; message: string }> = {
  "federation-disabled": {
    status: 403,
    code: "OutboundWebIdentityFederationDisabledException",
    message: "Outbound web identity federation is disabled for this account",
  },
  "access-denied": {
    status: 403,
    code: "AccessDenied",
    message: "is not authorized to perform: sts:GetWebIdentityToken",
  },
  "expired-credentials": {
    status: 403,
    code: "ExpiredToken",
    message: "The security token included in the request is expired",
  },
  "session-duration-escalation": {
    status: 403,
    code: "SessionDurationEscalationException",
    message: "The requested token duration would extend the session beyond its original expiration time",
  },
  throttled: { status: 400, code: "Throttling", message: "Rate exceeded" },
  "region-disabled": {
    status: 403,
    code: "RegionDisabledException",
    message: "STS is not activated in this region for account",
  },
};

/**
 * Starts an STS emulator on `https://127.0.0.1:PORT` and its token issuer. It answers
 * `Action=GetWebIdentityToken` as STS does: `Audience.member.N` (1 to 10), `SigningAlgorithm`
 * (`RS256`; `ES384` is valid at STS but this emulator signs RS256 only and refuses it),
 * `DurationSeconds` (60 to 3600, default 300), a SigV4-signed request for its region; the token's
 * claims follow AWS's sample (`iss`, `aud`, `sub` the role's ARN, `iat`, `exp`, `jti`, and
 * `aws_account`, `source_region`, `principal_id` under `https://sts.amazonaws.com/`).
 *
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html (read 2026-12-07)
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_token_claims.html (read 2026-12-07)
 * @example
 * ```ts
 * const sts = await startAwsStsEmulator({ region: "eu-west-2" });
 * entra.addApplication({
 *   clientId,
 *   tenantId,
 *   federatedCredentials: [{ name: "aws", issuer: sts.issuer, subject: sts.roleArn, audiences: ["api://AzureADTokenExchange"] }],
 * });
 * ```
 */
export async function startAwsStsEmulator(options: AwsStsEmulatorOptions = {}): Promise<AwsStsEmulator> {
  const roleArn = options.roleArn ?? "arn:aws:iam::123456789012:role/azfed-demo";
  const principal = ROLE_ARN.exec(roleArn);
  if (!principal) {
    throw new InvalidEmulatorOptionError({
      field: "roleArn",
      value: roleArn,
      expected: "an IAM role or user ARN, arn:aws:iam::{12 digits}:role/{path}{name}",
      fix: 'pass e.g. "arn:aws:iam::123456789012:role/azfed-demo"',
    });
  }
  const account = principal[2] as string;
  const region = options.region ?? "eu-west-2";
  const ca = options.ca ?? (await testCertificateAuthority());
  const oidc: OidcIssuer = await startOidcIssuer({ ca, path: `/${randomUUID()}` });
  const faults = new FaultInjector();
  const refusals: AwsStsRefusal[] = [];
  const requests: AwsStsRequest[] = [];
  const issuedTokens: string[] = [];
  let count = 0;

  const server = await startHttpsServer(
    async (request, response) => {
      const body = await readBody(request, 64 * 1024);
      const form = new URLSearchParams(body);
      const scope = credentialScope(request.headers.authorization);
      const audiences = [...form.entries()]
        .filter(([key]) => /^Audience\.member\.\d+$/.test(key))
        .map(([, value]) => value);
      const durationText = form.get("DurationSeconds");
      const entry = {
        action: form.get("Action") ?? undefined,
        audiences,
        signingAlgorithm: form.get("SigningAlgorithm") ?? undefined,
        durationSeconds: durationText === null ? undefined : Number(durationText),
        ...scope,
      };
      const record = (status: number, errorCode?: string) => requests.push({ ...entry, status, errorCode });
      if (entry.action === "GetWebIdentityToken") count++;
      if (faults.serveNext(response)) return record(0, "injected");
      const refuse = (status: number, code: string, message: string) => {
        record(status, code);
        sendStsError(response, status, code, message);
      };
      if (request.method !== "POST") return refuse(405, "InvalidAction", "STS takes a POST");
      if (scope.accessKeyId === undefined || scope.service !== "sts") {
        return refuse(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
      }
      if (scope.region !== region) {
        return refuse(
          403,
          "SignatureDoesNotMatch",
          `Credential should be scoped to a valid region, not '${scope.region}'`,
        );
      }
      if (entry.action !== "GetWebIdentityToken") {
        return refuse(
          400,
          "InvalidAction",
          `Could not find operation ${entry.action} for version 2011-06-15`,
        );
      }
      const refusal = refusals.shift();
      if (refusal !== undefined) {
        const { status, code, message } = REFUSALS[refusal];
        return refuse(
          status,
          code,
          refusal === "access-denied"
            ? `User: ${roleArn} ${message} because no identity-based policy allows the sts:GetWebIdentityToken action`
            : message,
        );
      }
      const problem = validationProblem(entry);
      if (problem) return refuse(400, "ValidationError", problem);
      const durationSeconds = entry.durationSeconds ?? 300;
      const issuedAt = Math.floor(Date.now() / 1000);
      const token = await oidc.mint(
        {
          aud: audiences.length === 1 ? audiences[0] : audiences,
          sub: roleArn,
          "https://sts.amazonaws.com/": {
            aws_account: account,
            source_region: region,
            principal_id: roleArn,
          },
        },
        { lifetimeSeconds: durationSeconds, issuedAt },
      );
      const expiration = new Date((issuedAt + durationSeconds) * 1000)
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z");
      issuedTokens.push(token);
      record(200);
      sendXml(
        response,
        200,
        `<GetWebIdentityTokenResponse xmlns="${STS_XMLNS}"><GetWebIdentityTokenResult><WebIdentityToken>${token}</WebIdentityToken><Expiration>${expiration}</Expiration></GetWebIdentityTokenResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetWebIdentityTokenResponse>`,
      );
    },
    { ca },
  );

  return {
    url: server.url,
    issuer: oidc.issuer,
    roleArn,
    account,
    region,
    ca,
    requests,
    issuedTokens,
    count: () => count,
    reset(): void {
      requests.length = 0;
      issuedTokens.length = 0;
      refusals.length = 0;
      faults.reset();
      count = 0;
    },
    failNext(times: number, fault: AwsStsRefusal | InjectedFault): void {
      if (typeof fault === "string") {
        if (!(fault in REFUSALS) || !Number.isInteger(times) || times < 1) {
          throw new InvalidEmulatorOptionError({
            field: "fault",
            value: fault,
            expected: `a positive count and one of ${Object.keys(REFUSALS).join(", ")}, or an InjectedFault`,
            fix: 'pass e.g. failNext(1, "federation-disabled")',
          });
        }
        for (let i = 0; i < times; i++) refusals.push(fault);
      } else {
        faults.failNext(times, fault);
      }
    },
    env: () => ({
      AWS_ENDPOINT_URL_STS: server.url,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: "AKIAAZFEDTESTEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "azfed-test-secret-not-a-real-key",
      AWS_CA_BUNDLE: ca.certificatePath,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: "/nonexistent/azfed-aws-config",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/azfed-aws-credentials",
    }),
    async close(): Promise<void> {
      await Promise.all([server.close(), oidc.close()]);
    },
  };
}

/** The access key id, region and service of a SigV4 `Authorization` header; never the signature. */
function credentialScope(
  authorization: string | undefined,
): Pick<AwsStsRequest, "accessKeyId" | "region" | "service"> {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([A-Z0-9]{1,128})\/\d{8}\/([a-z0-9-]{1,32})\/([a-z0-9-]{1,32})\/aws4_request,/.exec(
      (authorization ?? "").slice(0, 512),
    );
  return { accessKeyId: match?.[1], region: match?.[2], service: match?.[3] };
}

function validationProblem(entry: {
  audiences: readonly string[];
  signingAlgorithm: string | undefined;
  durationSeconds: number | undefined;
}): string | undefined {
  if (entry.audiences.length < 1 || entry.audiences.length > 10) {
    return "1 validation error detected: Value at 'audience' failed to satisfy constraint: Member must have length between 1 and 10";
  }
  if (entry.signingAlgorithm !== "RS256") {
    return entry.signingAlgorithm === "ES384"
      ? "this emulator signs RS256 only (STS also offers ES384)"
      : "1 validation error detected: Value at 'signingAlgorithm' failed to satisfy constraint: Member must be RS256 or ES384";
  }
  const duration = entry.durationSeconds;
  if (duration !== undefined && (!Number.isInteger(duration) || duration < 60 || duration > 3600)) {
    return `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 60 and 3600`;
  }
  return undefined;
}

function sendStsError(response: ServerResponse, status: number, code: string, message: string): void {
  sendXml(
    response,
    status,
    `<ErrorResponse xmlns="${STS_XMLNS}"><Error><Type>Sender</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

function sendXml(response: ServerResponse, status: number, xml: string): void {
  response.writeHead(status, {
    "content-type": "text/xml",
    "content-length": Buffer.byteLength(xml),
    "x-amzn-requestid": randomUUID(),
  });
  response.end(xml);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
