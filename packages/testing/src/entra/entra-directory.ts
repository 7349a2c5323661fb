import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import { type ClaimsMatcher, compileClaimsMatchingExpression } from "../oracles/claims-expression";
import { flexibleCredentialRefusal } from "../oracles/flexible-credential-rules";
import { isTenantAlias } from "../oracles/tenant-alias";

/**
 * A federated identity credential as the emulator stores it: the same shape as Microsoft Graph's
 * `federatedIdentityCredential` (and `@azfed/core`'s `FederatedIdentityCredential`).
 *
 * @example
 * ```ts
 * const fic: FederatedIdentityCredentialRecord = {
 *   name: "github-main",
 *   issuer: "https://token.actions.githubusercontent.com",
 *   subject: "repo:contoso/app:ref:refs/heads/main",
 *   audiences: ["api://AzureADTokenExchange"],
 * };
 * ```
 */
export interface FederatedIdentityCredentialRecord {
  /** 3–120 characters of `[A-Za-z0-9_-]`, first one alphanumeric; unique per application. */
  readonly name: string;
  /** Compared with the assertion's `iss` exactly (whitespace and trailing slashes included). */
  readonly issuer: string;
  /** Compared with the assertion's `sub` exactly and case-sensitively. Absent on a flexible FIC. */
  readonly subject?: string | undefined;
  /**
   * Instead of `subject` (flexible FIC, applications only): e.g.
   * `{ value: "claims['sub'] matches 'repo:contoso/*:environment:prod'", languageVersion: 1 }`.
   * Operators `eq` and `matches` (wildcards `*` and `?`), joined by `and`.
   */
  readonly claimsMatchingExpression?: { readonly value: string; readonly languageVersion: 1 } | undefined;
  /** Exactly one audience, e.g. `api://AzureADTokenExchange`. */
  readonly audiences: readonly string[];
  readonly description?: string | undefined;
}

/**
 * An app registration or user-assigned managed identity known to the emulator.
 *
 * @example
 * ```ts
 * const app: EntraApplicationRegistration = {
 *   clientId: "11111111-1111-1111-1111-111111111111",
 *   tenantId: "22222222-2222-2222-2222-222222222222",
 *   federatedCredentials: [fic],
 * };
 * entra.addApplication(app);
 * ```
 */
export interface EntraApplicationRegistration {
  /** The application (client) id. */
  readonly clientId: string;
  /**
   * The home tenant. When absent the application answers in every tenant, which keeps tests short;
   * give it to test AADSTS700016 (application not found in the directory).
   */
  readonly tenantId?: string | undefined;
  /** Default `"application"`. Managed identities cannot be multi-tenant or have flexible FICs. */
  readonly kind?: "application" | "managedIdentity" | undefined;
  /** Usable from other tenants than its home tenant. Default false. */
  readonly multiTenant?: boolean | undefined;
  /**
   * For a multi-tenant app with a `tenantId`: the other tenants where its service principal exists
   * (admin consent given). When absent it answers in every tenant; when given, a token request in a
   * tenant not listed is refused with AADSTS700016, as Entra refuses an app not provisioned there.
   */
  readonly provisionedIn?: readonly string[] | undefined;
  /** At most 20. */
  readonly federatedCredentials?: readonly FederatedIdentityCredentialRecord[] | undefined;
}

/**
 * A stored federated identity credential with its compiled expression.
 *
 * @internal
 */
export interface StoredFederatedCredential {
  readonly record: FederatedIdentityCredentialRecord;
  readonly matcher: ClaimsMatcher | undefined;
}

/**
 * A stored application.
 *
 * @internal
 */
export interface StoredApplication {
  readonly clientId: string;
  readonly tenantId: string | undefined;
  readonly kind: "application" | "managedIdentity";
  readonly multiTenant: boolean;
  /** Lower-cased; `undefined` for "every tenant". */
  readonly provisionedIn: readonly string[] | undefined;
  readonly federatedCredentials: StoredFederatedCredential[];
}

const MAX_FEDERATED_CREDENTIALS = 20;
const MAX_CLAIM_LENGTH = 600;
const FIC_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;
const TENANT = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

/**
 * The emulator's app registrations and user-assigned identities with their federated credentials.
 *
 * @internal
 */
export class EntraDirectory {
  readonly #applications = new Map<string, StoredApplication>();

  /** Adds (or replaces) an application after checking it as Entra and Microsoft Graph would. */
  add(application: EntraApplicationRegistration, field = "application"): void {
    if (typeof application !== "object" || application === null) {
      throw invalid(
        field,
        application,
        "an object { clientId, tenantId?, kind?, multiTenant?, federatedCredentials? }",
      );
    }
    const { clientId, tenantId } = application;
    if (typeof clientId !== "string" || clientId.trim() === "" || /\s/.test(clientId)) {
      throw invalid(
        `${field}.clientId`,
        clientId,
        "the application (client) id, a GUID",
        "copy it from the app registration's Overview page",
      );
    }
    if (tenantId !== undefined && (typeof tenantId !== "string" || !TENANT.test(tenantId))) {
      throw invalid(
        `${field}.tenantId`,
        tenantId,
        "a tenant GUID or domain name (letters, digits, '.' and '-')",
      );
    }
    const kind = application.kind ?? "application";
    if (kind !== "application" && kind !== "managedIdentity") {
      throw invalid(`${field}.kind`, kind, '"application" or "managedIdentity"');
    }
    if (kind === "managedIdentity" && application.multiTenant) {
      throw invalid(
        `${field}.multiTenant`,
        true,
        "false for a managed identity",
        "only app registrations can be multi-tenant",
      );
    }
    const { provisionedIn } = application;
    if (
      provisionedIn !== undefined &&
      (!Array.isArray(provisionedIn) ||
        !application.multiTenant ||
        tenantId === undefined ||
        provisionedIn.some((tenant) => typeof tenant !== "string" || !TENANT.test(tenant)))
    ) {
      throw invalid(
        `${field}.provisionedIn`,
        provisionedIn,
        "an array of tenant ids, on a multi-tenant application that has a tenantId",
        "set multiTenant: true and tenantId (the home tenant), or leave provisionedIn out",
      );
    }
    const stored: StoredApplication = {
      clientId,
      tenantId,
      kind,
      multiTenant: application.multiTenant === true,
      provisionedIn: provisionedIn?.map((tenant) => tenant.toLowerCase()),
      federatedCredentials: [],
    };
    const credentials = application.federatedCredentials ?? [];
    if (!Array.isArray(credentials)) {
      throw invalid(
        `${field}.federatedCredentials`,
        credentials,
        "an array of federated identity credentials",
      );
    }
    credentials.forEach((credential, index) => {
      addCredential(stored, credential, `${field}.federatedCredentials[${index}]`);
    });
    this.#applications.set(clientId.toLowerCase(), stored);
  }

  /** Adds a federated identity credential to a known application. */
  addFederatedCredential(clientId: string, credential: FederatedIdentityCredentialRecord): void {
    const application = this.#applications.get(String(clientId).toLowerCase());
    if (!application) {
      throw invalid(
        "clientId",
        clientId,
        "the client id of an application added before",
        "call addApplication({ clientId }) first",
      );
    }
    addCredential(application, credential, "federatedCredential");
  }

  /**
   * The application with this client id that answers in this tenant: its home tenant, any tenant for
   * multi-tenant apps (only those in `provisionedIn` when it was given), and any tenant when it was
   * added without one.
   */
  find(clientId: string, tenant: string): StoredApplication | undefined {
    const application = this.#applications.get(clientId.toLowerCase());
    if (!application) return undefined;
    if (application.tenantId === undefined || isTenantAlias(tenant)) return application;
    const asked = tenant.toLowerCase();
    if (application.tenantId.toLowerCase() === asked) return application;
    if (!application.multiTenant) return undefined;
    return application.provisionedIn === undefined || application.provisionedIn.includes(asked)
      ? application
      : undefined;
  }
}

/**
 * The object id of an application's service principal in a tenant: stable across runs.
 *
 * @internal
 */
export function servicePrincipalObjectId(clientId: string, tenant: string): string {
  const hex = createHash("sha256").update(`${clientId.toLowerCase()}|${tenant.toLowerCase()}`).digest("hex");
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Reads applications from a JSON file: `{ "applications": [ ... ] }` or a bare array, each entry an
 * {@link EntraApplicationRegistration}.
 *
 * @internal
 */
export function readApplicationsFile(path: string): {
  applications: EntraApplicationRegistration[];
  field: string;
} {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new InvalidEmulatorOptionError({
      field: "configFile",
      value: path,
      expected: "a readable JSON file",
      fix: "check the path; relative paths resolve from the current working directory",
      cause,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new InvalidEmulatorOptionError({
      field: "configFile",
      value: path,
      expected: `valid JSON (${(cause as Error).message})`,
      fix: 'write { "applications": [{ "clientId": "...", "federatedCredentials": [...] }] }',
      cause,
    });
  }
  const applications = Array.isArray(json) ? json : (json as { applications?: unknown } | null)?.applications;
  if (!Array.isArray(applications)) {
    throw new InvalidEmulatorOptionError({
      field: `configFile ${path}`,
      value: json,
      expected: 'an object with an "applications" array, or an array of applications',
      fix: 'write { "applications": [{ "clientId": "...", "federatedCredentials": [...] }] }',
    });
  }
  return {
    applications: applications as EntraApplicationRegistration[],
    field: `configFile ${path} ${Array.isArray(json) ? "" : "applications"}`.trimEnd(),
  };
}

function addCredential(
  application: StoredApplication,
  credential: FederatedIdentityCredentialRecord,
  field: string,
): void {
  if (typeof credential !== "object" || credential === null) {
    throw invalid(
      field,
      credential,
      "an object { name, issuer, subject | claimsMatchingExpression, audiences }",
    );
  }
  const { name, issuer, subject, claimsMatchingExpression, audiences } = credential;
  if (typeof name !== "string" || !FIC_NAME.test(name)) {
    throw invalid(
      `${field}.name`,
      name,
      "3 to 120 characters of A-Z, a-z, 0-9, '_' and '-', starting with a letter or digit",
    );
  }
  if (application.federatedCredentials.some((existing) => existing.record.name === name)) {
    throw invalid(`${field}.name`, name, "a name no other federated credential of this application has");
  }
  if (application.federatedCredentials.length >= MAX_FEDERATED_CREDENTIALS) {
    throw invalid(
      field,
      name,
      `at most ${MAX_FEDERATED_CREDENTIALS} federated credentials per application`,
      "use a flexible credential (claimsMatchingExpression) or another application",
    );
  }
  checkClaimValue(`${field}.issuer`, issuer);
  if ((subject === undefined) === (claimsMatchingExpression === undefined)) {
    throw invalid(`${field}.subject`, subject, "exactly one of subject and claimsMatchingExpression");
  }
  let matcher: ClaimsMatcher | undefined;
  if (subject !== undefined) {
    checkClaimValue(`${field}.subject`, subject);
    if (
      application.federatedCredentials.some(
        (existing) => existing.record.issuer === issuer && existing.record.subject === subject,
      )
    ) {
      throw invalid(
        `${field}.subject`,
        subject,
        "an issuer and subject pair no other federated credential of this application has",
      );
    }
  } else {
    if (application.kind === "managedIdentity") {
      throw invalid(
        `${field}.claimsMatchingExpression`,
        claimsMatchingExpression,
        "a subject: flexible federated credentials are for app registrations only",
      );
    }
    const expression = claimsMatchingExpression as { value?: unknown; languageVersion?: unknown };
    if (expression?.languageVersion !== 1) {
      throw invalid(`${field}.claimsMatchingExpression.languageVersion`, expression?.languageVersion, "1");
    }
    if (typeof expression.value !== "string") {
      throw invalid(`${field}.claimsMatchingExpression.value`, expression.value, "an expression string");
    }
    try {
      matcher = compileClaimsMatchingExpression(expression.value);
    } catch (cause) {
      throw new InvalidEmulatorOptionError({
        field: `${field}.claimsMatchingExpression.value`,
        value: expression.value,
        expected: `claims['<name>'] eq|matches '<value>' joined by 'and' (${(cause as Error).message})`,
        fix: "write e.g. claims['sub'] matches 'repo:contoso/*:environment:prod' and claims['repository_id'] eq '456789'",
        cause,
      });
    }
    const refusal = typeof issuer === "string" ? flexibleCredentialRefusal(issuer, matcher) : undefined;
    if (refusal !== undefined) {
      throw invalid(
        `${field}.claimsMatchingExpression.value`,
        expression.value,
        `an expression and issuer Entra accepts; Microsoft Graph answers 400 InvalidFederatedIdentityCredentialValue: ${refusal}`,
        "compare the claims Entra requires for the issuer (GitHub: sub and repository_id or repository_owner_id; GitLab: sub, and project_id unless sub is a project_id subject; Terraform Cloud: sub), with the operators it allows, or use a subject",
      );
    }
  }
  if (!Array.isArray(audiences) || audiences.length !== 1) {
    throw invalid(
      `${field}.audiences`,
      audiences,
      "exactly one audience",
      'use ["api://AzureADTokenExchange"] for the public cloud',
    );
  }
  checkClaimValue(`${field}.audiences[0]`, audiences[0]);
  application.federatedCredentials.push({ record: { ...credential, audiences: [...audiences] }, matcher });
}

function checkClaimValue(field: string, value: unknown): void {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_CLAIM_LENGTH) {
    throw invalid(field, value, `a non-empty string of at most ${MAX_CLAIM_LENGTH} characters`);
  }
}

function invalid(field: string, value: unknown, expected: string, fix?: string): InvalidEmulatorOptionError {
  return new InvalidEmulatorOptionError({ field, value, expected, fix });
}
