import { join } from "node:path";
import {
  CredentialUnavailableError,
  decodeAssertion,
  InvalidAssertionError,
  logger,
  readBoundedFileSync,
} from "@azfed/core/provider";
import { parseKubernetesSubject } from "./kubernetes-subject";
import { SERVICE_ACCOUNT_DIRECTORY, WORKLOAD_IDENTITY_ENV } from "./workload-identity-environment";

/**
 * Where {@link kubernetesSubjectFromEnvironment} looks.
 *
 * @example
 * ```ts
 * const options: KubernetesSubjectFromEnvironmentOptions = { env: process.env };
 * ```
 */
export interface KubernetesSubjectFromEnvironmentOptions {
  /** Default `process.env`; `AZURE_FEDERATED_TOKEN_FILE` names the token to read. */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** The token file. Default `AZURE_FEDERATED_TOKEN_FILE`, else `{serviceAccountDir}/token`. */
  readonly tokenFilePath?: string | undefined;
  /** The service-account mount with the `namespace` file. Default `/var/run/secrets/kubernetes.io/serviceaccount`. */
  readonly serviceAccountDir?: string | undefined;
}

/**
 * The subject this pod presents, and its parts.
 *
 * @example
 * ```ts
 * const { subject, namespace, serviceAccount } = kubernetesSubjectFromEnvironment();
 * ```
 */
export interface KubernetesSubjectFromEnvironment {
  /** `system:serviceaccount:{namespace}:{serviceAccount}`, as the token's `sub` carries it. */
  readonly subject: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The token's `iss`: the issuer the federated identity credential must name. */
  readonly issuer: string | undefined;
}

/**
 * The subject the pod this runs in presents to Entra. The service account's name is known only from
 * a token (no variable carries it), so the projected token's `sub` is read (never its signature or
 * anything else logged); the namespace comes from the service-account mount's `namespace` file when
 * present and must agree with the token. Throws `CredentialUnavailableError` saying what is missing
 * when no token can be read.
 *
 * @example
 * ```ts
 * const { subject, issuer } = kubernetesSubjectFromEnvironment();
 * console.log(`create a FIC with issuer ${issuer} and subject ${subject}`);
 * ```
 */
export function kubernetesSubjectFromEnvironment(
  options: KubernetesSubjectFromEnvironmentOptions = {},
): KubernetesSubjectFromEnvironment {
  const env = options.env ?? process.env;
  const directory = options.serviceAccountDir ?? SERVICE_ACCOUNT_DIRECTORY;
  const namespaceFile = join(directory, "namespace");
  const namespaceFromFile = readOptional(namespaceFile)?.trim() || undefined;
  const tokenPath =
    options.tokenFilePath ?? (env[WORKLOAD_IDENTITY_ENV.tokenFile] || undefined) ?? join(directory, "token");

  const content = readOptional(tokenPath);
  if (content === undefined) {
    throw new CredentialUnavailableError(
      `kubernetes: cannot tell this pod's subject: the service account's name is only in its token, and ${tokenPath} cannot be read${
        namespaceFromFile ? ` (the namespace is ${namespaceFromFile}, from ${namespaceFile})` : ""
      }; run this inside the pod, or build the subject with kubernetesSubject({ namespace, serviceAccount })`,
    );
  }
  const found = serviceAccountOf(content.trim());
  if (found === undefined) {
    throw new CredentialUnavailableError(
      `kubernetes: cannot tell this pod's subject: ${tokenPath} does not hold a service-account token (expected a JWT whose sub is system:serviceaccount:<namespace>:<name>)`,
    );
  }
  if (namespaceFromFile !== undefined && namespaceFromFile !== found.namespace) {
    logger.warning(
      `kubernetesSubjectFromEnvironment: ${namespaceFile} says namespace ${namespaceFromFile} but the token's subject says ${found.namespace}; the token's subject is what Entra sees`,
    );
  }
  return found;
}

/** A small regular file's text (core's bounded reader); `undefined` for anything else (a FIFO, a device, more than the limit). */
function readOptional(path: string): string | undefined {
  try {
    return readBoundedFileSync(path, { maxBytes: MAX_FILE_BYTES }).text;
  } catch {
    return undefined;
  }
}

/** A projected token or a namespace name is at most a few kilobytes. */
const MAX_FILE_BYTES = 64 * 1024;

/** The subject, its parts and the issuer of a service-account token; `undefined` for anything else. */
function serviceAccountOf(token: string): KubernetesSubjectFromEnvironment | undefined {
  let claims: { readonly iss: string; readonly sub: string };
  try {
    claims = decodeAssertion(token);
  } catch (error) {
    if (error instanceof InvalidAssertionError) return undefined;
    throw error;
  }
  const parts = parseKubernetesSubject(claims.sub);
  return parts && { subject: claims.sub, ...parts, issuer: claims.iss };
}
