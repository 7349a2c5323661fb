import { createReadStream } from "node:fs";
import { resolve } from "node:path";
import { shorten } from "@azfed/core/provider";
import type { CliIo } from "./cli-io";
import { UsageError } from "./usage-error";

/**
 * A FIC file after parsing: one credential, or a list (a JSON array, Microsoft Graph's
 * `{ "value": [...] }`, or what `az ad app federated-credential list` and
 * `az identity federated-credential list` print). ARM resources (`{ name, properties: { issuer, … } }`)
 * are flattened, so every item reads like a FIC.
 *
 * @example
 * ```ts
 * const file = await readFicFile("fics.json", io);
 * if (file.shape === "list") console.log(`${file.items.length} credentials`);
 * ```
 */
export interface FicFile {
  /** The path as given, or `stdin` for `-`. */
  readonly source: string;
  readonly shape: "single" | "list";
  /** The credentials as found in the file (shape checked by the validator, not here). */
  readonly items: readonly unknown[];
  /** Whether the items are a user-assigned managed identity's (their ARM type or id says so). */
  readonly managedIdentity: boolean;
}

/**
 * Thrown when a FIC file's content is not JSON. Like a file that cannot be read at all (a
 * {@link UsageError}), it is input the command cannot use: `azfed` exits 2.
 *
 * @example
 * ```ts
 * try { await readFicFile("fics.json", io); } catch (error) {
 *   if (error instanceof FicFileError) console.error(error.message);
 * }
 * ```
 */
export class FicFileError extends Error {
  override readonly name = "FicFileError";
}

/**
 * The largest FIC file read: 1 MiB. An app registration holds at most 20 federated credentials of a
 * few hundred bytes each; the list `az` prints for one is a few kilobytes.
 *
 * @example
 * ```ts
 * if (size > MAX_FIC_FILE_BYTES) console.error("not a FIC file");
 * ```
 */
export const MAX_FIC_FILE_BYTES = 1024 * 1024;

/** A path is named in a message with at most this many characters. */
const MAX_SHOWN_PATH = 200;

const MANAGED_IDENTITY_TYPE = "microsoft.managedidentity/userassignedidentities/federatedidentitycredentials";

/**
 * Reads and parses a FIC file (`-` reads stdin).
 *
 * @example
 * ```ts
 * // az ad app federated-credential list --id $APP_ID > fics.json
 * const { items } = await readFicFile("fics.json", resolveCliIo());
 * ```
 */
export async function readFicFile(path: string, io: CliIo): Promise<FicFile> {
  const source = path === "-" ? "stdin" : path;
  let text: string;
  try {
    // Read as a stream with a cap, whatever the path is: a device (/dev/zero), a pipe (<(az ...)) or a file.
    text = await readCapped(path === "-" ? io.stdin : createReadStream(resolve(io.cwd, path)), source);
  } catch (cause) {
    if (cause instanceof FicFileError) throw cause;
    const reason =
      cause instanceof Error && "code" in cause ? describeFsError(String(cause.code)) : "unreadable";
    throw new UsageError(`cannot read ${shorten(source, MAX_SHOWN_PATH)}: ${reason}`, { cause });
  }
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (cause) {
    // JSON.parse quotes the text around the fault, line breaks included: escape them, so the
    // message stays on one line (and a CRLF file does not move the cursor back over it).
    const detail = (cause instanceof Error ? cause.message : String(cause)).replace(/\p{Cc}/gu, (control) =>
      JSON.stringify(control).slice(1, -1),
    );
    throw new FicFileError(
      `${shorten(source, MAX_SHOWN_PATH)} is not JSON (${detail}); expected a federated identity credential, a list of them, or the output of \`az ad app federated-credential list\``,
    );
  }
  const list = listOf(document);
  const items = (list ?? [document]).map(flattenArmResource);
  return {
    source,
    shape: list === undefined ? "single" : "list",
    items,
    managedIdentity: items.length > 0 && items.every(isManagedIdentityCredential),
  };
}

function listOf(document: unknown): unknown[] | undefined {
  if (Array.isArray(document)) return document;
  if (isRecord(document) && Array.isArray(document.value)) return document.value;
  return undefined;
}

function flattenArmResource(item: unknown): unknown {
  if (!isRecord(item) || !isRecord(item.properties) || "issuer" in item) return item;
  const { properties, ...rest } = item;
  return { ...rest, ...properties };
}

function isManagedIdentityCredential(item: unknown): boolean {
  if (!isRecord(item)) return false;
  if (typeof item.type === "string" && item.type.toLowerCase() === MANAGED_IDENTITY_TYPE) return true;
  return (
    typeof item.id === "string" && item.id.toLowerCase().includes("/providers/microsoft.managedidentity/")
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The stream's text, refused with a {@link FicFileError} once it passes {@link MAX_FIC_FILE_BYTES}.
 * UTF-8 (with or without a byte-order mark), or UTF-16 when a UTF-16 byte-order mark says so: Windows
 * PowerShell 5.1 writes UTF-16LE with a BOM for `az ad app federated-credential list > fics.json`.
 * @see https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_character_encoding?view=powershell-5.1
 */
async function readCapped(stream: AsyncIterable<string | Uint8Array>, source: string): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    size += bytes.byteLength;
    if (size > MAX_FIC_FILE_BYTES) {
      (stream as { destroy?: (() => void) | undefined }).destroy?.();
      throw new FicFileError(
        `${shorten(source, MAX_SHOWN_PATH)} is larger than ${MAX_FIC_FILE_BYTES} bytes (1 MiB), so it was not read to the end; a federated identity credential file is a few kilobytes: pass one credential, a list of them, or the output of \`az ad app federated-credential list\``,
      );
    }
    chunks.push(bytes);
  }
  const bytes = Buffer.concat(chunks);
  // TextDecoder drops the byte-order mark of the encoding it decodes.
  const encoding =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? "utf-16le"
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? "utf-16be"
        : "utf-8";
  return new TextDecoder(encoding).decode(bytes);
}

function describeFsError(code: string): string {
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory; pass a JSON file";
    case "ENAMETOOLONG":
      return "the path is too long";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    default:
      return code;
  }
}
