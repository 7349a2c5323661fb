import { AzureLogger, type AzureLogLevel, getLogLevel, setLogLevel } from "@azure/logger";

/**
 * Captures every log line azfed writes, at verbose level, until `restore()`.
 */
export function captureLogs(): { readonly lines: string[]; restore(): void } {
  const lines: string[] = [];
  const previousLevel: AzureLogLevel | undefined = getLogLevel();
  const previousLog = AzureLogger.log;
  setLogLevel("verbose");
  AzureLogger.log = (...args: unknown[]) => {
    lines.push(args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "));
  };
  return {
    lines,
    restore() {
      AzureLogger.log = previousLog;
      setLogLevel(previousLevel);
    },
  };
}

/** Everything an error could show: message, stack, JSON form, and the same for its causes. */
export function everythingShown(error: unknown): string {
  const shown: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof Error) {
      shown.push(current.message, current.stack ?? "", JSON.stringify(current), String(current));
      current = current.cause;
    } else {
      shown.push(String(current), JSON.stringify(current) ?? "");
      current = undefined;
    }
  }
  return shown.join("\n");
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

/** A JWT's claims, decoded without verification (tests only). */
export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
}
