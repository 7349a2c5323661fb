import { REDACTED } from "./redact";

/** Shorter parts of a secret are not scrubbed on their own: they could be ordinary words. */
const MIN_SEGMENT_LENGTH = 8;

/**
 * Replaces, in `text`, every exact secret given and every dot-separated segment of one (a JWT's
 * header, payload and signature) with `[REDACTED]`. Where {@link redact} recognises secrets by their
 * shape, this removes the ones the caller knows it handled (the assertion, the access token, a
 * platform's request token) even when a server echoes only a part of one. Run it on text after any
 * decoding (JSON, URL), so an escaped echo is caught in its decoded form. Linear in the text's length
 * for each secret.
 *
 * @example
 * ```ts
 * scrubSecrets(`the service said: ${message}`, [assertion, process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN]);
 * ```
 */
export function scrubSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let scrubbed = text;
  for (const fragment of secretFragments(secrets)) {
    scrubbed = scrubbed.replaceAll(fragment, REDACTED);
  }
  return scrubbed;
}

/** Each secret, then its segments, longest first, so a whole secret is replaced before its parts. */
function secretFragments(secrets: Iterable<string | undefined>): string[] {
  const fragments = new Set<string>();
  for (const secret of secrets) {
    const trimmed = secret?.trim();
    if (!trimmed || trimmed.length < MIN_SEGMENT_LENGTH) continue;
    fragments.add(trimmed);
    for (const segment of trimmed.split(/[.\s]/)) {
      if (segment.length >= MIN_SEGMENT_LENGTH) fragments.add(segment);
    }
  }
  return [...fragments].sort((a, b) => b.length - a.length);
}
