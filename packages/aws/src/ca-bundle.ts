import { readFile, stat } from "node:fs/promises";
import { Agent } from "node:https";
import { rootCertificates } from "node:tls";
import { InvalidInputError } from "@azfed/core";

/** A CA bundle is kilobytes; a file far larger is not one. */
const MAX_BUNDLE_BYTES = 1024 * 1024;

/**
 * An HTTPS agent that trusts Node's root certificates plus the PEM file `AWS_CA_BUNDLE` names (the
 * variable the AWS CLI and the other AWS SDKs read; the JavaScript SDK v3 does not), for a TLS
 * proxy's or a private endpoint's CA. A file that cannot be read, is too large or holds no
 * certificate is an `InvalidInputError` naming the variable.
 *
 * @internal
 */
export async function caBundleAgent(path: string): Promise<Agent> {
  let pem: string;
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size > MAX_BUNDLE_BYTES) throw new Error("not a file of at most 1 MiB");
    pem = await readFile(path, "utf8");
  } catch (error) {
    throw new InvalidInputError({
      field: "AWS_CA_BUNDLE",
      value: path,
      expected: `a readable PEM file of at most 1 MiB (${error instanceof Error ? error.message : String(error)})`,
      fix: "point AWS_CA_BUNDLE at the CA certificate file, or unset it",
    });
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
    throw new InvalidInputError({
      field: "AWS_CA_BUNDLE",
      value: path,
      expected: "a PEM file with at least one -----BEGIN CERTIFICATE----- block",
      fix: "point AWS_CA_BUNDLE at the CA certificate file, or unset it",
    });
  }
  return new Agent({ ca: [...rootCertificates, pem], keepAlive: true });
}
