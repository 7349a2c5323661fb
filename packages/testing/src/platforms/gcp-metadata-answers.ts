import type { ServerResponse } from "node:http";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import type { InjectedFault } from "../servers/fault-injection";
import { type HostileFault, isHostileFault } from "../servers/hostile-fault";

/**
 * A failure the emulator serves instead of its normal answer: an HTTP status (with the flavor header,
 * as the real server sends on errors), an answer `withoutFlavorHeader` (what a proxy or a captive
 * portal would send: 200 and a body, but no `Metadata-Flavor: Google`), or a dropped connection.
 *
 * @example
 * ```ts
 * metadata.failNext(2, { status: 503 });
 * metadata.failNext(1, { withoutFlavorHeader: true });
 * ```
 */
export type GcpMetadataFault =
  | { readonly status: number; readonly body?: string | undefined }
  | { readonly withoutFlavorHeader: true; readonly body?: string | undefined }
  | { readonly drop: true }
  | HostileFault;

/** What the real metadata server sends on every answer, errors included. */
const FLAVOR_HEADERS = { "metadata-flavor": "Google", server: "Metadata Server for VM" } as const;

/**
 * The answer `fault` stands for: statuses carry the flavor header, as the real server's errors do.
 *
 * @internal
 */
export function toInjectedFault(fault: GcpMetadataFault): InjectedFault {
  if (typeof fault === "object" && fault !== null) {
    if (isHostileFault(fault))
      return { ...fault, headers: { "metadata-flavor": "Google", ...fault.headers } };
    if ("drop" in fault && fault.drop === true) return fault;
    if ("withoutFlavorHeader" in fault && fault.withoutFlavorHeader === true) {
      return {
        status: 200,
        headers: { "content-type": "text/html" },
        body: fault.body ?? "<html><body>Welcome to the proxy</body></html>",
      };
    }
    if ("status" in fault && Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599) {
      return {
        status: fault.status,
        headers: { "content-type": "application/text", ...FLAVOR_HEADERS },
        body: fault.body ?? `${fault.status} emulated failure`,
      };
    }
  }
  throw new InvalidEmulatorOptionError({
    field: "fault",
    value: fault,
    expected: "{ status: 100..599, body? }, { withoutFlavorHeader: true, body? } or { drop: true }",
    fix: "pass e.g. { status: 503 }",
  });
}

/**
 * Answers with `body` and the metadata server's headers (`Metadata-Flavor: Google`), as the real server
 * answers everything, errors included.
 *
 * @internal
 */
export function sendMetadataAnswer(
  response: ServerResponse,
  status: number,
  body: string,
  options: { contentType?: string | undefined } = {},
): void {
  response.writeHead(status, {
    "content-type": options.contentType ?? "application/text",
    "content-length": Buffer.byteLength(body),
    ...FLAVOR_HEADERS,
  });
  response.end(body);
}

/**
 * `text` with the HTML special characters written as character references.
 *
 * @internal
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
