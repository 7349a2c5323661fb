import { createServer, type Server, type Socket } from "node:net";

/** A TCP server on 127.0.0.1 that accepts connections and never sends a byte (a black-holed host). */
export async function startBlackHole(): Promise<{
  host: string;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Connections still open (the client has not closed them). */
  readonly open: number;
  close(): Promise<void>;
}> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("error", () => undefined);
    // Read and drop what the client sends: a socket whose bytes are never read never sees the
    // client's FIN, so `open` could not tell a closed connection from one left open.
    socket.resume();
    socket.once("close", () => sockets.delete(socket));
  });
  const port = await listen(server);
  return {
    host: `127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    get open() {
      return sockets.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A 127.0.0.1 port nothing listens on: bound once to learn a free port, then released. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : 0);
    });
  });
}
