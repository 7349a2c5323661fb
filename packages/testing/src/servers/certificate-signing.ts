import { generateKeyPair as generateKeyPairCallback, randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { promisify } from "node:util";
import forge from "node-forge";
import { InvalidEmulatorOptionError } from "../invalid-option-error";

/** One day in milliseconds: certificates are valid from a day back, and a CA must outlive the next day. */
export const DAY_MS = 24 * 60 * 60 * 1000;

const generateKeyPair = promisify(generateKeyPairCallback);

/**
 * A CA's certificate and private key, in PEM.
 *
 * @internal
 */
export interface CaMaterial {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/**
 * A new 2048-bit RSA private key, PKCS #8 PEM (the CA's, or the one key every server certificate certifies).
 *
 * @internal
 */
export async function generatePrivateKeyPem(): Promise<string> {
  const { privateKey } = await generateKeyPair("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return privateKey;
}

/**
 * A new self-signed CA (ten years, `keyCertSign`), named as a throwaway test CA.
 *
 * @internal
 */
export async function generateCaMaterial(): Promise<CaMaterial> {
  const privateKeyPem = await generatePrivateKeyPem();
  const privateKey = forge.pki.privateKeyFromPem(privateKeyPem) as forge.pki.rsa.PrivateKey;
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  certificate.serialNumber = serialNumber();
  const now = Date.now();
  certificate.validity.notBefore = new Date(now - DAY_MS);
  certificate.validity.notAfter = new Date(now + 10 * 365 * DAY_MS);
  const name = [
    { name: "commonName", value: `azfed test CA ${randomBytes(4).toString("hex")}` },
    { name: "organizationName", value: "azfed tests (throwaway, never trust outside tests)" },
  ];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  certificate.sign(privateKey, forge.md.sha256.create());
  return { certificatePem: forge.pki.certificateToPem(certificate), privateKeyPem };
}

/**
 * Checks the hosts a server certificate is asked for: IP addresses or DNS names, at least one.
 *
 * @internal
 */
export function checkHosts(hosts: readonly string[]): void {
  if (!Array.isArray(hosts) || hosts.length === 0) {
    throw new InvalidEmulatorOptionError({
      field: "hosts",
      value: hosts,
      expected: "a non-empty list of IP addresses and DNS names",
      fix: 'pass e.g. ["127.0.0.1", "localhost"], or nothing for the default',
    });
  }
  hosts.forEach((host, index) => {
    if (
      typeof host !== "string" ||
      !(isIP(host) || /^[A-Za-z0-9*]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host))
    ) {
      throw new InvalidEmulatorOptionError({
        field: `hosts[${index}]`,
        value: host,
        expected: "an IPv4 or IPv6 address or a DNS name",
        fix: "remove the scheme, port and path: pass only the host",
      });
    }
  });
}

/**
 * A server certificate for `hosts` (`serverAuth`, each host in `subjectAltName`, one year), signed by the CA.
 *
 * @internal
 */
export function signServerCertificate(
  hosts: readonly string[],
  publicKey: forge.pki.PublicKey,
  caCertificate: forge.pki.Certificate,
  caKey: forge.pki.PrivateKey,
): string {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = publicKey;
  certificate.serialNumber = serialNumber();
  const now = Date.now();
  certificate.validity.notBefore = new Date(now - DAY_MS);
  certificate.validity.notAfter = new Date(now + 365 * DAY_MS);
  certificate.setSubject([{ name: "commonName", value: hosts[0] as string }]);
  certificate.setIssuer(caCertificate.subject.attributes);
  certificate.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    {
      name: "subjectAltName",
      altNames: hosts.map((host) => (isIP(host) ? { type: 7, ip: host } : { type: 2, value: host })),
    },
    { name: "subjectKeyIdentifier" },
    {
      name: "authorityKeyIdentifier",
      keyIdentifier: caCertificate.generateSubjectKeyIdentifier().getBytes(),
    },
  ]);
  certificate.sign(caKey as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(certificate);
}

/** 16 random bytes with a leading 01 byte, so the DER INTEGER is positive. */
function serialNumber(): string {
  return `01${randomBytes(16).toString("hex")}`;
}
