import type { Server, Socket } from "node:net";

/**
 * A server {@link listen} started: the port it is bound to, and how to stop it.
 *
 * @internal
 */
export interface ListeningServer {
  /** The bound port (the one the system chose when `0` was asked for). */
  readonly port: number;
  /** Stops listening and ends every open connection at once; the same promise on every call. */
  close(): Promise<void>;
}

/**
 * Makes an HTTP or HTTPS server listen on `host:port`, keeping track of its connections so that
 * `close()` ends kept-alive ones at once instead of waiting for clients to let go. Shared by the
 * emulators that run their own server.
 *
 * @example
 * ```ts
 * const server = createServer((request, response) => response.end("ok"));
 * const { port, close } = await listen(server, 0, "127.0.0.1");
 * await close();
 * ```
 *
 * @internal
 */
export async function listen(server: Server, port: number, host: string): Promise<ListeningServer> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  let closing: Promise<void> | undefined;
  return {
    port: typeof address === "object" && address !== null ? address.port : port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
