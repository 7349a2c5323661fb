import { InvalidInputError } from "@azfed/core";
import { AzureLogger, type AzureLogLevel, getLogLevel, setLogLevel } from "@azure/logger";
import { expect } from "vitest";

/** Records every line azfed logs at verbose level until `stop()`. */
export function recordLogs(): { readonly lines: string[]; stop(): void } {
  const lines: string[] = [];
  const level: AzureLogLevel | undefined = getLogLevel();
  const log = AzureLogger.log;
  setLogLevel("verbose");
  AzureLogger.log = (...args: unknown[]) => {
    lines.push(args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "));
  };
  return {
    lines,
    stop() {
      AzureLogger.log = log;
      setLogLevel(level);
    },
  };
}

/** All an error could reveal: message, stack, JSON form and string form, for it and its causes. */
export function revealed(error: unknown): string {
  const texts: string[] = [];
  for (let current = error, depth = 0; current != null && depth < 6; depth++) {
    if (current instanceof Error) {
      texts.push(current.message, current.stack ?? "", JSON.stringify(current), String(current));
      current = current.cause;
    } else {
      texts.push(String(current), JSON.stringify(current) ?? "");
      current = undefined;
    }
  }
  return texts.join("\n");
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  if (outcome === undefined) throw new Error("expected the promise to reject");
  return outcome;
}

/** The `InvalidInputError` `build` throws; fails the test when it throws nothing or something else. */
export function invalidInput(build: () => unknown): InvalidInputError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error("expected an InvalidInputError");
}

/** A JWT's payload, decoded without verifying it (tests only). */
export function payloadOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
}
