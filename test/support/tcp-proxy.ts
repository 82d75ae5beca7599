import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between the service and a real server (PostgreSQL, say) that a test can cut: while
 * cut, new connections are refused (nothing listens on the port) and open ones are reset, as when
 * the server crashes or the network between them fails; `restore` listens again on the same port.
 */
export interface TcpProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  through(url: string): string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let server: Server | null = null;

  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const created = createServer((client) => {
        const upstream = connect(target);
        open.add(client).add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          open.delete(client);
          open.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      created.once('error', reject);
      created.listen(port, '127.0.0.1', () => resolve(created));
    });

  const stop = async () => {
    const stopping = server;
    server = null;
    const closed = stopping ? new Promise<void>((resolve) => stopping.close(() => resolve())) : undefined;
    // A reset, not a polite FIN: the peer learns of it the way it would of a crash.
    for (const socket of open) socket.resetAndDestroy();
    open.clear();
    await closed;
  };

  server = await listen(0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    through(url) {
      const proxied = new URL(url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(port);
      return proxied.toString();
    },
    cut: stop,
    async restore() {
      if (!server) server = await listen(port);
    },
    close: stop,
  };
}
