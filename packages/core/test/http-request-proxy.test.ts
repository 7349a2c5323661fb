import { createServer, request as httpRequest, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { defaultDispatcher, isLocalEndpoint } from "../src/http/default-dispatcher";
import { sendRequest } from "../src/http/send-request";

const servers: Server[] = [];
/** A host only the test proxy can reach (loopback and link-local hosts are never proxied). */
const REMOTE_HOST = "remote.azfed.test";
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("no address");
  return `http://127.0.0.1:${address.port}`;
}

/**
 * A forward proxy that records what it was asked for: an absolute URL for a plain request, or
 * `host:port` for a CONNECT tunnel (undici tunnels every proxied request).
 */
async function startForwardProxy(): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((incoming, outgoing) => {
    seen.push(incoming.url ?? "");
    const upstream = httpRequest(
      incoming.url ?? "",
      { method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on("error", () => outgoing.writeHead(502).end());
    incoming.pipe(upstream);
  });
  server.on("connect", (incoming, client: Socket, head: Buffer) => {
    seen.push(incoming.url ?? "");
    const [host = "", port = "0"] = (incoming.url ?? "").split(":");
    // A name no resolver knows stands for a remote host: the proxy reaches it on loopback.
    const upstream = connect(Number(port), host === REMOTE_HOST ? "127.0.0.1" : host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  return { url: await listen(server), seen };
}

describe("the default dispatcher", () => {
  it("is Node's own fetch when no proxy is configured", async () => {
    expect(await defaultDispatcher({})).toBeUndefined();
  });

  it("sends through HTTP_PROXY, and past it for hosts in NO_PROXY", async () => {
    const target = await listen(createServer((_incoming, outgoing) => outgoing.end("from the target")));
    const proxy = await startForwardProxy();

    const proxied = await sendRequest({
      url: `${target}/token`,
      dispatcher: await defaultDispatcher({ HTTP_PROXY: proxy.url }),
    });
    expect(proxied.body).toBe("from the target");
    expect(proxy.seen).toEqual([new URL(target).host]);

    const direct = await sendRequest({
      url: `${target}/token`,
      dispatcher: await defaultDispatcher({ HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1" }),
    });
    expect(direct.body).toBe("from the target");
    expect(proxy.seen).toHaveLength(1);
  });

  it("is used by sendRequest when the process environment names a proxy", async () => {
    const target = await listen(createServer((_incoming, outgoing) => outgoing.end("ok")));
    const proxy = await startForwardProxy();
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
    process.env.HTTP_PROXY = proxy.url;
    delete process.env.NO_PROXY;
    const remote = new URL(target);
    remote.hostname = REMOTE_HOST;
    try {
      expect((await sendRequest({ url: `${remote.origin}/x` })).body).toBe("ok");
      // Issue 20: a loopback or link-local endpoint (IMDS, App Service's) never goes to the proxy,
      // which would see X-IDENTITY-HEADER.
      const local = await sendRequest({ url: `${target}/x`, headers: { "x-identity-header": "secret" } });
      expect(local.body).toBe("ok");
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect(proxy.seen).toEqual([remote.host]);
  });

  it("reads the lower-case names too (the upper-case one first), and only from the env it is given", async () => {
    const target = await listen(createServer((_incoming, outgoing) => outgoing.end("ok")));
    const proxy = await startForwardProxy();
    const remote = new URL(target);
    remote.hostname = REMOTE_HOST;
    const CLOSED = "http://127.0.0.1:9";
    const get = async (url: string, env: NodeJS.ProcessEnv) =>
      (await sendRequest({ url, dispatcher: await defaultDispatcher(env), retry: { maxRetries: 0 } })).body;

    expect(await get(`${remote.origin}/a`, { http_proxy: proxy.url })).toBe("ok");
    expect(await get(`${remote.origin}/b`, { HTTP_PROXY: proxy.url, http_proxy: CLOSED })).toBe("ok");
    expect(await get(`${remote.origin}/c`, { HTTP_PROXY: "", http_proxy: proxy.url })).toBe("ok");
    expect(proxy.seen).toEqual([remote.host, remote.host, remote.host]);
    expect(await get(`${target}/d`, { http_proxy: proxy.url, no_proxy: "127.0.0.1" })).toBe("ok");
    expect(await get(`${target}/e`, { http_proxy: proxy.url, NO_PROXY: "127.0.0.1", no_proxy: "" })).toBe(
      "ok",
    );
    expect(proxy.seen).toHaveLength(3);

    // process.env names another proxy and exempts the target: neither applies to the env given.
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
    process.env.HTTP_PROXY = CLOSED;
    process.env.NO_PROXY = "127.0.0.1";
    try {
      expect(await get(`${target}/f`, { HTTP_PROXY: proxy.url })).toBe("ok");
      expect(proxy.seen).toHaveLength(4);
      // HTTPS_PROXY alone: a plain http request goes straight to the target, not to process.env's proxy.
      expect(await get(`${target}/g`, { HTTPS_PROXY: CLOSED })).toBe("ok");
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect(proxy.seen).toHaveLength(4);
  });

  it("sends https requests through HTTPS_PROXY or https_proxy, not HTTP_PROXY", async () => {
    // The target speaks plain HTTP: the TLS handshake after the tunnel fails, but the proxy saw the CONNECT.
    const target = new URL(await listen(createServer((_incoming, outgoing) => outgoing.end("ok"))));
    const proxy = await startForwardProxy();
    const unused = await startForwardProxy();
    const remote = `https://${REMOTE_HOST}:${target.port}/token`;
    for (const env of [
      { HTTPS_PROXY: proxy.url, HTTP_PROXY: unused.url },
      { https_proxy: proxy.url, HTTP_PROXY: unused.url },
    ]) {
      const dispatcher = await defaultDispatcher(env);
      await expect(sendRequest({ url: remote, dispatcher, retry: { maxRetries: 0 } })).rejects.toThrow();
    }
    expect(proxy.seen).toEqual([`${REMOTE_HOST}:${target.port}`, `${REMOTE_HOST}:${target.port}`]);
    expect(unused.seen).toEqual([]);
  });

  it("never proxies loopback and link-local hosts", () => {
    for (const url of [
      "http://127.0.0.1:40342/metadata/identity/oauth2/token",
      "http://169.254.169.254/metadata/identity/oauth2/token",
      "http://localhost:8081/msi/token",
      "http://[::1]:80/",
      "http://[fe80::1]/",
      "http://[FEBF::1]/",
      "http://[fe9a:1::2]/",
      "http://app.localhost:8080/",
      "http://127.10.100.200/",
      "http://169.254.10.200/",
      "http://[::ffff:127.0.0.1]:40342/msi/token",
      "http://[0:0:0:0:0:ffff:7f00:1]/",
      "http://[::ffff:127.255.0.9]/",
      "http://[::ffff:169.254.169.254]/metadata/identity/oauth2/token",
    ]) {
      expect(isLocalEndpoint(url), url).toBe(true);
    }
    for (const url of [
      "https://login.microsoftonline.com/",
      "http://169.255.0.1/",
      "http://10.0.0.1/",
      "nonsense",
      "http://localhost.example.com/",
      "http://mylocalhost/",
      "http://127.0.0.1.example.com/",
      "http://169.254.0.1.example.com/",
      "http://[fec0::1]/",
      "http://[2001:db8::fe80:1]/",
      "http://[::2]/",
      "http://[::ffff:10.0.0.1]/",
      "http://[::ffff:169.255.0.1]/",
      "http://[::ffff:8000:1]/",
      "http://[::127.0.0.1]/",
      "http://[64:ff9b::7f00:1]/",
      // Not IPv4-mapped: the mapped form's text inside or at the start of another address.
      "http://[64:ff9b::ffff:7f00:1]/",
      "http://[1::ffff:a9fe:a9fe]/",
      "http://[::ffff:7f00:1:2]/",
    ]) {
      expect(isLocalEndpoint(url), url).toBe(false);
    }
  });

  it("shares one agent while the proxy settings stay the same", async () => {
    const env = { HTTPS_PROXY: "http://127.0.0.1:9" };
    const first = await defaultDispatcher(env);
    expect(await defaultDispatcher({ ...env })).toBe(first);
    expect(await defaultDispatcher({ ...env, NO_PROXY: "example.test" })).not.toBe(first);
    const lower = await defaultDispatcher({ ...env, no_proxy: "example.test" });
    expect(lower).not.toBe(first);
    expect(await defaultDispatcher({ https_proxy: "http://127.0.0.1:9" })).not.toBe(lower);
    expect(await defaultDispatcher({ http_proxy: "http://127.0.0.1:9" })).toBeDefined();
    expect(await defaultDispatcher({ HTTP_PROXY: "", https_proxy: "", NO_PROXY: "x" })).toBeUndefined();
  });
});
