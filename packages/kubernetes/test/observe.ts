import { AzureLogger, type AzureLogLevel, getLogLevel, setLogLevel } from "@azure/logger";

/** Every line azfed logs (at verbose level) from now until `stop()`. */
export function recordLogs(): { readonly lines: string[]; stop(): void } {
  const lines: string[] = [];
  const level: AzureLogLevel | undefined = getLogLevel();
  const original = AzureLogger.log;
  setLogLevel("verbose");
  AzureLogger.log = (...args: unknown[]) => {
    lines.push(args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "));
  };
  return {
    lines,
    stop() {
      AzureLogger.log = original;
      setLogLevel(level);
    },
  };
}

/** All an error can show a person or a log: message, stack, JSON, string form, and the same for its causes. */
export function shownByError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 6; depth++) {
    if (current instanceof Error) {
      parts.push(current.message, current.stack ?? "", JSON.stringify(current), String(current));
      current = current.cause;
    } else {
      parts.push(String(current), JSON.stringify(current) ?? "");
      current = undefined;
    }
  }
  return parts.join("\n");
}

/** What `promise` rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error("expected the promise to reject, but it resolved");
}

/** A JWT's claims, decoded without verification (tests only). */
export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
}
