import { spawn } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  InvalidEmulatorOptionError,
  type RunningServer,
  startHttpsServer,
  type TestCertificateAuthority,
  testCertificateAuthority,
} from "../src/index";

describe("testCertificateAuthority", () => {
  let ca: TestCertificateAuthority;
  let server: RunningServer;

  beforeAll(async () => {
    ca = await testCertificateAuthority();
    server = await startHttpsServer(
      (request, response) => {
        response.end(`hello ${request.url}`);
      },
      { ca },
    );
  });
  afterAll(() => server.close());

  it("is memoised for the process", async () => {
    expect(await testCertificateAuthority()).toBe(ca);
  });

  it("serves on 127.0.0.1 with a certificate a client trusting the CA accepts", async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/ping`, { dispatcher: ca.dispatcher });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("hello /ping");
  });

  it("is not trusted by a client without the CA", async () => {
    const failure = await fetch(`${server.url}/ping`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    const cause = (failure as TypeError & { cause?: { code?: string } }).cause;
    expect(cause?.code).toMatch(/SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY/);
  });

  it("issues server certificates with IP and DNS subject alternative names, signed by the CA", () => {
    const issued = ca.issueServerCertificate(["127.0.0.1", "localhost", "::1", "emulator.test"]);
    const certificate = new X509Certificate(issued.certificatePem);
    const authority = new X509Certificate(ca.certificatePem);
    expect(certificate.verify(authority.publicKey)).toBe(true);
    expect(certificate.checkIssued(authority)).toBe(true);
    expect(authority.ca).toBe(true);
    expect(certificate.ca).toBe(false);
    expect(certificate.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(certificate.checkIP("::1")).toBeDefined();
    expect(certificate.checkHost("emulator.test")).toBe("emulator.test");
    expect(certificate.checkHost("other.test")).toBeUndefined();
    expect(issued.privateKeyPem).toContain("PRIVATE KEY");
  });

  it("rejects a host list that is not one", () => {
    expect(() => ca.issueServerCertificate([])).toThrow(InvalidEmulatorOptionError);
    expect(() => ca.issueServerCertificate(["https://127.0.0.1:443"])).toThrow(/hosts\[0\].*only the host/);
  });

  it("writes the certificate to a file usable as NODE_EXTRA_CA_CERTS by a child process", async () => {
    expect(readFileSync(ca.certificatePath, "utf8")).toBe(ca.certificatePem);
    const script = `fetch(${JSON.stringify(`${server.url}/child`)}).then(r => r.text()).then(t => process.stdout.write(t), e => { process.stdout.write("failed " + (e.cause?.code ?? e)); })`;
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ["-e", script], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.certificatePath },
      });
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      child.on("error", reject);
      child.on("close", () => resolve(text));
    });
    expect(output).toBe("hello /child");
  });

  it("close() ends keep-alive connections so the port is released at once", async () => {
    const other = await startHttpsServer(
      (_request, response) => {
        response.end("x");
      },
      { ca },
    );
    const response = await fetch(`${other.url}/`, { dispatcher: ca.dispatcher });
    expect(await response.text()).toBe("x");
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(fetch(`${other.url}/`, { dispatcher: ca.dispatcher })).rejects.toThrow();
  });

  it("answers 500 when the handler throws", async () => {
    const failing = await startHttpsServer(
      () => {
        throw new Error("boom");
      },
      { ca },
    );
    try {
      const response = await fetch(`${failing.url}/`, { dispatcher: ca.dispatcher });
      expect(response.status).toBe(500);
    } finally {
      await failing.close();
    }
  });
});

describe("testCertificateAuthority({ directory })", () => {
  const directories: string[] = [];
  afterAll(() => {
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  });
  const freshDirectory = () => {
    const directory = mkdtempSync(join(tmpdir(), "azfed-ca-test-"));
    directories.push(directory);
    return directory;
  };

  it("writes ca.pem and ca-key.pem when absent, and a second process loads the same CA", async () => {
    const directory = join(freshDirectory(), "nested");
    const ca = await testCertificateAuthority({ directory });
    expect(ca.certificatePath).toBe(join(directory, "ca.pem"));
    expect(readFileSync(join(directory, "ca.pem"), "utf8")).toBe(ca.certificatePem);
    expect(existsSync(join(directory, "ca-key.pem"))).toBe(true);
    expect(await testCertificateAuthority({ directory })).toBe(ca);

    // Another process (a forked worker) given AZFED_TEST_CA_DIR signs with the same CA.
    const script = `
      import(${JSON.stringify(new URL("../src/servers/certificate-authority.ts", import.meta.url).href)})
        .then(m => m.testCertificateAuthority())
        .then(ca => process.stdout.write(ca.certificatePem));`;
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "-e", script], {
        env: { ...process.env, AZFED_TEST_CA_DIR: directory },
      });
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      child.on("error", reject);
      child.on("close", () => resolve(text));
    });
    expect(output).toBe(ca.certificatePem);
  });

  it("refuses a key that does not belong to the certificate, saying how to fix it", async () => {
    const first = freshDirectory();
    const second = freshDirectory();
    await testCertificateAuthority({ directory: first });
    await testCertificateAuthority({ directory: second });
    const mixed = freshDirectory();
    writeFileSync(join(mixed, "ca.pem"), readFileSync(join(first, "ca.pem")));
    writeFileSync(join(mixed, "ca-key.pem"), readFileSync(join(second, "ca-key.pem")));
    await expect(testCertificateAuthority({ directory: mixed })).rejects.toThrow(
      /ca-key\.pem to be the private key of the certificate in ca\.pem.*delete both files/,
    );
  });
});
