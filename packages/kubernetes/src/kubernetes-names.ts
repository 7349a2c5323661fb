import { InvalidInputError, requireSubjectPart } from "@azfed/core/provider";

/** A DNS-1123 label: lower-case alphanumerics and `-`, alphanumeric at both ends. */
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 subdomain: DNS-1123 labels joined by dots. */
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const MAX_LABEL_LENGTH = 63;
const MAX_SUBDOMAIN_LENGTH = 253;

/**
 * Checks a namespace name the way the Kubernetes API server does (a DNS-1123 label: at most 63
 * lower-case alphanumerics or `-`, alphanumeric at both ends) and returns it unchanged.
 *
 * @internal
 */
export function requireNamespaceName(field: string, value: unknown): string {
  const expected = `a Kubernetes namespace name: a DNS-1123 label of at most ${MAX_LABEL_LENGTH} lower-case letters, digits or "-", starting and ending with a letter or digit`;
  const namespace = requireSubjectPart(field, value, {
    pattern: DNS_1123_LABEL,
    expected,
    fix: "use the namespace exactly as `kubectl get namespaces` lists it",
  });
  if (namespace.length > MAX_LABEL_LENGTH) {
    throw new InvalidInputError({
      field,
      value,
      expected: `${expected} (this one has ${namespace.length} characters)`,
      fix: "use the namespace exactly as `kubectl get namespaces` lists it",
    });
  }
  return namespace;
}

/**
 * Checks a service account name the way the Kubernetes API server does (a DNS-1123 subdomain: at
 * most 253 characters, lower-case DNS-1123 labels joined by dots) and returns it unchanged.
 *
 * @internal
 */
export function requireServiceAccountName(field: string, value: unknown): string {
  const expected = `a Kubernetes service account name: a DNS-1123 subdomain of at most ${MAX_SUBDOMAIN_LENGTH} lower-case letters, digits, "-" or ".", each dot-separated part starting and ending with a letter or digit`;
  const serviceAccount = requireSubjectPart(field, value, {
    pattern: DNS_1123_SUBDOMAIN,
    expected,
    fix: "use the name exactly as `kubectl get serviceaccounts -n <namespace>` lists it",
  });
  if (serviceAccount.length > MAX_SUBDOMAIN_LENGTH) {
    throw new InvalidInputError({
      field,
      value,
      expected: `${expected} (this one has ${serviceAccount.length} characters)`,
      fix: "use the name exactly as `kubectl get serviceaccounts -n <namespace>` lists it",
    });
  }
  return serviceAccount;
}
