import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidInputError } from "@azfed/core";
import { rejectionOf, separateCertificateAuthority, testCertificateAuthority } from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IdentityBindingProxy } from "../src/identity-binding-proxy";

// The route each environment gives, and each refusal word for word (field, value, expected, fix), from
// IdentityBindingProxy itself: identity-binding-proxy.test.ts sends the token request through the
// emulated proxy; this file pins what the variables alone decide, in milliseconds a case. Routes are
// compared with toStrictEqual: a route with `ca: undefined` is another object than one without `ca`.

const PROXY = "https://10.0.0.1";
const HALF_CONFIGURED_FIX =
  "Fix: recreate the pod so the workload identity webhook injects all of the AZURE_KUBERNETES_* variables, or remove the ones set by hand.";
const CORRECT_FIX =
  "Fix: recreate the pod so the workload identity webhook injects it again, or correct the value set by hand.";
const URL_EXPECTED =
  "the identity binding proxy's https URL without user info, query or fragment, e.g. https://10.0.0.1";
const CA_EXPECTED =
  "PEM certificates (-----BEGIN CERTIFICATE-----) of the CA that signs the identity binding proxy's certificate";
const CA_FILE_EXPECTED = "a readable PEM file of at most 512 KiB with the CA of the identity binding proxy";

let directory: string;
let pem: string;
let otherPem: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "azfed-identity-binding-"));
  pem = (await testCertificateAuthority()).certificatePem.trim();
  otherPem = (await separateCertificateAuthority()).certificatePem.trim();
});
afterAll(() => rm(directory, { recursive: true, force: true }));

async function refusal(
  env: NodeJS.ProcessEnv,
  proxy = new IdentityBindingProxy(),
): Promise<InvalidInputError> {
  const error = await rejectionOf(proxy.route(env));
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

async function caFileWith(name: string, content: string): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, content);
  return path;
}

describe("IdentityBindingProxy.route: the route the variables name", () => {
  it("is undefined when no AZURE_KUBERNETES_* variable is set, or each is empty", async () => {
    expect(await new IdentityBindingProxy().route({})).toBeUndefined();
    expect(
      await new IdentityBindingProxy().route({
        AZURE_KUBERNETES_TOKEN_PROXY: "",
        AZURE_KUBERNETES_TOKEN_ENDPOINT: "",
        AZURE_KUBERNETES_SNI_NAME: "",
        AZURE_KUBERNETES_CA_FILE: "",
        AZURE_KUBERNETES_CA_DATA: "",
      }),
    ).toBeUndefined();
  });

  it("trusts the system's CAs and sends the URL's host when only the proxy is named", async () => {
    expect(await new IdentityBindingProxy().route({ AZURE_KUBERNETES_TOKEN_PROXY: PROXY })).toStrictEqual({
      url: "https://10.0.0.1/",
      description: "the AKS identity binding proxy (AZURE_KUBERNETES_TOKEN_PROXY, the system's CAs)",
    });
  });

  it("prefers AZURE_KUBERNETES_TOKEN_PROXY to the earlier preview's name, and reads that one when the first is empty", async () => {
    const both = {
      AZURE_KUBERNETES_TOKEN_PROXY: PROXY,
      AZURE_KUBERNETES_TOKEN_ENDPOINT: "https://10.0.0.2/old",
    };
    expect((await new IdentityBindingProxy().route(both))?.url).toBe("https://10.0.0.1/");
    expect(
      await new IdentityBindingProxy().route({ ...both, AZURE_KUBERNETES_TOKEN_PROXY: "" }),
    ).toStrictEqual({
      url: "https://10.0.0.2/old",
      description: "the AKS identity binding proxy (AZURE_KUBERNETES_TOKEN_ENDPOINT, the system's CAs)",
    });
  });

  it("keeps each PEM certificate of AZURE_KUBERNETES_CA_DATA, one a line, and the server name", async () => {
    const env = {
      AZURE_KUBERNETES_TOKEN_PROXY: `${PROXY}/identity`,
      AZURE_KUBERNETES_SNI_NAME: "proxy.aks.test",
      AZURE_KUBERNETES_CA_DATA: `issuer: test\n${pem}\n\n# the second\n${otherPem}\ntrailing words`,
    };
    expect(await new IdentityBindingProxy().route(env)).toStrictEqual({
      url: "https://10.0.0.1/identity",
      ca: `${pem}\n${otherPem}`,
      serverName: "proxy.aks.test",
      description:
        "the AKS identity binding proxy (AZURE_KUBERNETES_TOKEN_PROXY, AZURE_KUBERNETES_SNI_NAME proxy.aks.test, CA from AZURE_KUBERNETES_CA_DATA)",
    });
  });

  it("names the CA file in the description", async () => {
    const caFile = await caFileWith("named.crt", `${pem}\n`);
    expect(
      await new IdentityBindingProxy().route({
        AZURE_KUBERNETES_TOKEN_PROXY: PROXY,
        AZURE_KUBERNETES_CA_FILE: caFile,
      }),
    ).toStrictEqual({
      url: "https://10.0.0.1/",
      ca: pem,
      description: `the AKS identity binding proxy (AZURE_KUBERNETES_TOKEN_PROXY, CA from AZURE_KUBERNETES_CA_FILE ${caFile})`,
    });
  });

  it("keeps the last good CA through an empty file only for the same path", async () => {
    const proxy = new IdentityBindingProxy();
    const first = await caFileWith("first.crt", pem);
    const second = await caFileWith("second.crt", "");
    const env = { AZURE_KUBERNETES_TOKEN_PROXY: PROXY, AZURE_KUBERNETES_CA_FILE: first };
    expect((await proxy.route(env))?.ca).toBe(pem);
    const error = await refusal({ ...env, AZURE_KUBERNETES_CA_FILE: second }, proxy);
    expect(error.expected).toBe(
      `${CA_FILE_EXPECTED} (it is empty; if the CA is rotating, the next attempt reads it again)`,
    );
    await writeFile(first, " \n");
    expect((await proxy.route(env))?.ca).toBe(pem);
  });

  it("accepts 200 certificates and a server name of 253 characters, with a final dot or one-letter labels", async () => {
    const longest = ["a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61)].join(".");
    expect(longest).toHaveLength(253);
    for (const name of [longest, "proxy.aks.test.", "a.b", "x-1.aks", "10x.aks.test"]) {
      const route = await new IdentityBindingProxy().route({
        AZURE_KUBERNETES_TOKEN_PROXY: PROXY,
        AZURE_KUBERNETES_SNI_NAME: name,
      });
      expect(route?.serverName, name).toBe(name);
    }
    const route = await new IdentityBindingProxy().route({
      AZURE_KUBERNETES_TOKEN_PROXY: PROXY,
      AZURE_KUBERNETES_CA_DATA: Array(200).fill(pem).join("\n"),
    });
    expect(route?.ca?.split("-----BEGIN CERTIFICATE-----")).toHaveLength(201);
    // 512 KiB of text, the most AZURE_KUBERNETES_CA_DATA may hold.
    const largest = `${pem}\n`.padEnd(512 * 1024, " ");
    const padded = await new IdentityBindingProxy().route({
      AZURE_KUBERNETES_TOKEN_PROXY: PROXY,
      AZURE_KUBERNETES_CA_DATA: largest,
    });
    expect(padded?.ca).toBe(pem);
  });

  it("accepts a proxy URL of 2048 characters", async () => {
    const url = `${PROXY}/${"p".repeat(2048 - PROXY.length - 1)}`;
    expect(url).toHaveLength(2048);
    expect((await new IdentityBindingProxy().route({ AZURE_KUBERNETES_TOKEN_PROXY: url }))?.url).toBe(url);
  });
});

describe("IdentityBindingProxy.route: each refusal, word for word", () => {
  it.each([
    [{ AZURE_KUBERNETES_CA_DATA: "x" }, "AZURE_KUBERNETES_CA_DATA is set"],
    [{ AZURE_KUBERNETES_CA_FILE: "/ca.crt" }, "AZURE_KUBERNETES_CA_FILE is set"],
    [{ AZURE_KUBERNETES_SNI_NAME: "proxy.aks.test" }, "AZURE_KUBERNETES_SNI_NAME is set"],
    [
      { AZURE_KUBERNETES_SNI_NAME: "p", AZURE_KUBERNETES_CA_FILE: "/c", AZURE_KUBERNETES_CA_DATA: "x" },
      "AZURE_KUBERNETES_SNI_NAME and AZURE_KUBERNETES_CA_FILE and AZURE_KUBERNETES_CA_DATA are set",
    ],
  ])("refuses %j without a proxy URL", async (env, stray) => {
    const error = await refusal(env);
    expect(error.field).toBe("AZURE_KUBERNETES_TOKEN_PROXY");
    expect(error.value).toBe("undefined");
    expect(error.expected).toBe(
      `the identity binding proxy's https URL, since ${stray} (the Azure SDKs refuse this half-configured pod too)`,
    );
    expect(error.message).toContain(HALF_CONFIGURED_FIX);
  });

  it("refuses both CA sources, showing the file", async () => {
    const error = await refusal({
      AZURE_KUBERNETES_TOKEN_PROXY: PROXY,
      AZURE_KUBERNETES_CA_FILE: "/var/run/ca.crt",
      AZURE_KUBERNETES_CA_DATA: pem,
    });
    expect(error.field).toBe("AZURE_KUBERNETES_CA_FILE and AZURE_KUBERNETES_CA_DATA");
    expect(error.value).toBe('"/var/run/ca.crt"');
    expect(error.expected).toBe("one source for the proxy's CA, as in the Azure SDKs");
    expect(error.message).toContain(
      "Fix: set one of them; to drop AZURE_KUBERNETES_CA_DATA the webhook injects, give it an empty value in the container spec (the webhook does not replace a variable the container already has).",
    );
  });

  it.each([
    ["AZURE_KUBERNETES_TOKEN_PROXY", `${PROXY}/${"p".repeat(2048 - PROXY.length)}`, "it has 2049 characters"],
    ["AZURE_KUBERNETES_TOKEN_ENDPOINT", "not a url", "it is not a URL"],
    ["AZURE_KUBERNETES_TOKEN_PROXY", "http://10.0.0.1", "the scheme is http, not https"],
    ["AZURE_KUBERNETES_TOKEN_PROXY", "https://10.0.0.1/?a=1", "it has a query"],
    ["AZURE_KUBERNETES_TOKEN_PROXY", "https://10.0.0.1/#top", "it has a fragment"],
  ])("refuses %s=%j", async (variable, value, problem) => {
    const error = await refusal({ [variable]: value });
    expect(error.field).toBe(variable);
    expect(error.value).toBe(JSON.stringify(value.length > 120 ? `${value.slice(0, 117)}...` : value));
    expect(error.expected).toBe(`${URL_EXPECTED} (${problem})`);
    expect(error.message).toContain(CORRECT_FIX);
  });

  it.each(["https://admin@10.0.0.1/p", "https://:hunter2secret@10.0.0.1/p"])(
    "refuses the user info of %j without showing it",
    async (value) => {
      const error = await refusal({ AZURE_KUBERNETES_TOKEN_PROXY: value });
      expect(error.value).toBe('"https://…@10.0.0.1/p"');
      expect(error.expected).toBe(`${URL_EXPECTED} (it has user info)`);
      expect(error.message).not.toMatch(/admin|hunter2/);
    },
  );

  it.each([
    ["10.0.0.1"],
    ["1.2"],
    ["-proxy.aks.test"],
    ["proxy-.aks.test"],
    ["proxy..test"],
    [`${"a".repeat(64)}.test`],
    [["a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(62)].join(".")],
    [`-${"a".repeat(99)}`],
  ])("refuses the server name %j", async (name) => {
    const error = await refusal({ AZURE_KUBERNETES_TOKEN_PROXY: PROXY, AZURE_KUBERNETES_SNI_NAME: name });
    expect(error.field).toBe("AZURE_KUBERNETES_SNI_NAME");
    expect(error.value).toBe(JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name));
    expect(error.expected).toBe(
      "a DNS name (TLS sends no IP address as a server name), the one the proxy's certificate names",
    );
    expect(error.message).toContain(CORRECT_FIX);
  });

  it("refuses AZURE_KUBERNETES_CA_DATA beyond 512 KiB, without PEM, with 201 certificates or one that does not parse", async () => {
    const cases: [data: string, problem: string][] = [
      [`${pem}\n`.padEnd(512 * 1024 + 1, " "), `it has ${512 * 1024 + 1} characters`],
      ["MIIB not PEM", "none found"],
      [Array(201).fill(pem).join("\n"), "201 found"],
      [`${pem}\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----`, "one of them does not parse"],
    ];
    for (const [data, problem] of cases) {
      const error = await refusal({ AZURE_KUBERNETES_TOKEN_PROXY: PROXY, AZURE_KUBERNETES_CA_DATA: data });
      expect(error.field, problem).toBe("AZURE_KUBERNETES_CA_DATA");
      expect(error.value, problem).toBe(`"${data.length} characters of PEM"`);
      expect(error.expected, problem).toBe(`${CA_EXPECTED} (${problem})`);
      expect(error.message, problem).toContain(
        "Fix: check the CA the workload identity webhook was configured with.",
      );
    }
  });

  it("refuses a CA file that is missing, a directory, too large, empty or without PEM, naming the path", async () => {
    const folder = join(directory, "folder.crt");
    await mkdir(folder, { recursive: true });
    const cases: [path: string, expected: string, field: string][] = [
      [
        join(directory, "absent.crt"),
        `${CA_FILE_EXPECTED} (it cannot be read (ENOENT))`,
        "AZURE_KUBERNETES_CA_FILE",
      ],
      [folder, `${CA_FILE_EXPECTED} (it is a directory, not a regular file)`, "AZURE_KUBERNETES_CA_FILE"],
      [
        await caFileWith("large.crt", "x".repeat(512 * 1024 + 1)),
        `${CA_FILE_EXPECTED} (it holds more than 524288 bytes)`,
        "AZURE_KUBERNETES_CA_FILE",
      ],
      [
        await caFileWith("empty.crt", ""),
        `${CA_FILE_EXPECTED} (it is empty; if the CA is rotating, the next attempt reads it again)`,
        "AZURE_KUBERNETES_CA_FILE",
      ],
      [await caFileWith("words.crt", "not PEM"), `${CA_EXPECTED} (none found)`, "AZURE_KUBERNETES_CA_FILE"],
    ];
    for (const [path, expected, field] of cases) {
      const error = await refusal({ AZURE_KUBERNETES_TOKEN_PROXY: PROXY, AZURE_KUBERNETES_CA_FILE: path });
      expect(error.field, path).toBe(field);
      expect(error.value, path).toBe(JSON.stringify(path));
      expect(error.expected, path).toBe(expected);
    }
    const error = await refusal({ AZURE_KUBERNETES_TOKEN_PROXY: PROXY, AZURE_KUBERNETES_CA_FILE: folder });
    expect(error.message).toContain(
      "Fix: check the pod's projected ca-cert volume, which the workload identity webhook mounts with the service account token.",
    );
  });
});
