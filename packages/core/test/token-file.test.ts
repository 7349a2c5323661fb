// Issue 18: one token-file reader for every provider (kubernetes, spiffe, oidc-token), on real files:
// rotation (symlink swap and in-place rewrite), a file caught mid-write, FIFO, oversize, expiry, another
// audience, and the token never in a message, a cause or a log line.
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { captureAzureLogs, expectNoSecrets, exposedText, rejectionOf, unsignedJwt } from "@azfed/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AssertionFetchError } from "../src/errors/assertion-fetch-error";
import { CredentialUnavailableError } from "../src/errors/credential-unavailable-error";
import type { TokenFacts, TokenPlace, TokenProblem } from "../src/provider/token-facts";
import { TokenFile } from "../src/provider/token-file";

const NOW = Date.parse("2026-12-07T12:00:00Z");
const AUDIENCE = "api://AzureADTokenExchange";

class TestTokenError extends AssertionFetchError {
  constructor(
    readonly problem: TokenProblem,
    readonly place: TokenPlace,
    message: string,
    cause: unknown,
  ) {
    super({ provider: "test", message, cause });
  }
}

const facts: TokenFacts = {
  provider: "test",
  token: "the test token",
  writer: "the test writer",
  setting: "TEST_TOKEN_FILE",
  whenMissing: "start the test writer",
  whenExpired: "restart the test writer",
  whenNoPermission: "(chmod it)",
  error: (problem, message, cause, place) => new TestTokenError(problem, place, message, cause),
};

function jwt(claims: Record<string, unknown> = {}): string {
  return unsignedJwt({
    iss: "https://issuer.test",
    sub: "workload",
    aud: AUDIENCE,
    exp: NOW / 1000 + 3600,
    ...claims,
  });
}

let directory: string;
let now = NOW;
const clock = () => now;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "azfed-token-file-"));
  now = NOW;
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function failure(path: string, reader = new TokenFile(facts, clock)): Promise<Error> {
  return rejectionOf(reader.read(path, { audience: AUDIENCE }));
}

describe("TokenFile", () => {
  it("reads a token once, answers from the cache while the file is unchanged, and sees a symlink swap", async () => {
    const first = jwt({ sub: "first" });
    await mkdir(join(directory, "a"));
    await writeFile(join(directory, "a", "token"), `${first}\n`);
    await symlink("a", join(directory, "..data"));
    await symlink(join("..data", "token"), join(directory, "token"));
    const logs = captureAzureLogs();
    try {
      const reader = new TokenFile(facts, clock);
      const path = join(directory, "token");
      expect((await reader.read(path)).token).toBe(first);
      expect((await reader.read(path)).claims.sub).toBe("first");
      expect(logs.lines.filter((line) => / (re-)?read the token file /.test(line))).toHaveLength(1);

      const second = jwt({ sub: "second" });
      await mkdir(join(directory, "b"));
      await writeFile(join(directory, "b", "token"), second);
      await symlink("b", join(directory, "..data_tmp"));
      await rename(join(directory, "..data_tmp"), join(directory, "..data"));
      expect((await reader.read(path)).token).toBe(second);
      expect(logs.lines.filter((line) => / (re-)?read the token file /.test(line))).toHaveLength(2);
      expectNoSecrets(logs.text(), [first, second]);
    } finally {
      logs.restore();
    }
  });

  it("sees a file rewritten in place, and reads again a token near its exp", async () => {
    const path = join(directory, "token");
    const reader = new TokenFile(facts, clock);
    await writeFile(path, jwt({ sub: "one" }));
    expect((await reader.read(path)).claims.sub).toBe("one");
    await writeFile(path, jwt({ sub: "two, longer" }));
    expect((await reader.read(path)).claims.sub).toBe("two, longer");
    now = NOW + 3600_000 - 60_000;
    const logs = captureAzureLogs();
    try {
      await reader.read(path);
      expect(logs.text()).toContain("re-read the token file");
    } finally {
      logs.restore();
    }
  });

  it("waits out a file caught mid-write (cut short, then written)", async () => {
    const path = join(directory, "token");
    const token = jwt();
    await writeFile(path, token.slice(0, 20));
    const reading = new TokenFile(facts, clock).read(path);
    await writeFile(path, token);
    expect((await reading).token).toBe(token);
  });

  it("a missing file is CredentialUnavailableError naming the path and who writes it", async () => {
    const path = join(directory, "missing");
    const error = await failure(path);
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toBe(
      `test: the token file ${path} does not exist; the test writer writes the test token there: start the test writer`,
    );
  });

  it("refuses a FIFO at once, without blocking, naming the setting to fix", async () => {
    const fifo = join(directory, "fifo");
    execFileSync("mkfifo", [fifo]);
    const started = Date.now();
    const error = await failure(fifo);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ problem: "unreadable", place: { kind: "file", name: fifo } });
    expect(error.message).toContain(
      "is a named pipe (FIFO), not a regular file; point TEST_TOKEN_FILE at the test token",
    );
  });

  it("refuses a file over 64 KiB", async () => {
    const path = join(directory, "large");
    await writeFile(path, "x".repeat(65 * 1024));
    const error = await failure(path);
    expect(error).toMatchObject({ problem: "unreadable" });
    expect(error.message).toContain(`holds ${65 * 1024} bytes, far more than a token`);
  });

  it.runIf(process.getuid?.() !== 0)("says to let this process read a file it may not", async () => {
    const path = join(directory, "private");
    await writeFile(path, jwt(), { mode: 0o000 });
    const error = await failure(path);
    expect(error.message).toContain("cannot be read (EACCES); let this process's user read it (chmod it)");
  });

  it("refuses an expired token, saying when, that the file was not rotated and what to do", async () => {
    const path = join(directory, "token");
    const expired = jwt({ exp: NOW / 1000 - 90 });
    await writeFile(path, expired);
    const error = await failure(path);
    expect(error).toMatchObject({ problem: "expired" });
    expect(error.message).toBe(
      `test: the token in ${path} expired at 2026-12-07T11:58:30.000Z (90 s ago) and the file has not been rotated; the test writer writes it and azfed cannot refresh it: restart the test writer`,
    );
    expectNoSecrets(exposedText(error), [expired]);
  });

  it("never returns a cached token once it has expired", async () => {
    const path = join(directory, "token");
    await writeFile(path, jwt());
    const reader = new TokenFile(facts, clock);
    await reader.read(path);
    now = NOW + 3600_000;
    expect(await failure(path, reader)).toMatchObject({ problem: "expired" });
  });

  it("refuses an empty file and one without a JWT, never showing the content", async () => {
    const path = join(directory, "token");
    await writeFile(path, "\n");
    expect(await failure(path)).toMatchObject({ problem: "empty" });
    const secret = "not-a-jwt-but-a-secret-0123456789";
    await writeFile(path, secret);
    const error = await failure(path);
    expect(error).toMatchObject({ problem: "not-a-jwt" });
    expect(error.message).toContain("does not hold a JWT");
    expectNoSecrets(exposedText(error), [secret]);
  });

  it("warns when the token is for another audience, and says so quietly for the cloud's other convention", async () => {
    const path = join(directory, "token");
    const token = jwt({ aud: "api://AzureADTokenExchangeUSGov" });
    await writeFile(path, token);
    const logs = captureAzureLogs();
    try {
      await new TokenFile(facts, clock).read(path, { audience: AUDIENCE });
      expect(logs.text()).toMatch(
        /warning.*is for audience "api:\/\/AzureADTokenExchangeUSGov", not api:\/\/AzureADTokenExchange/,
      );
      await new TokenFile(facts, clock).read(path, {
        audience: AUDIENCE,
        alternateAudience: "api://AzureADTokenExchangeUSGov",
      });
      expect(logs.text()).toMatch(/info.*the cloud's other convention/);
      expectNoSecrets(logs.text(), [token]);
    } finally {
      logs.restore();
    }
  });

  it("throws the signal's reason when aborted", async () => {
    const path = join(directory, "token");
    await writeFile(path, jwt());
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(new TokenFile(facts, clock).read(path, undefined, controller.signal)).rejects.toThrow(
      "stop",
    );
  });
});
