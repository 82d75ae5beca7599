import { connect, createServer, type Server, type Socket } from 'node:net';

export interface LatencyProxy {
  /** `url` with its host and port replaced by the proxy's. */
  url: string;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of the server `url` names that holds every chunk, each way, for `delayMs`
 * (order kept): a process reaching that server through it is as far from it as another zone.
 */
export async function startLatencyProxy(url: string, delayMs: number): Promise<LatencyProxy> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  const relay = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => setTimeout(() => to.write(chunk), delayMs));
    from.on('end', () => setTimeout(() => to.end(), delayMs));
    from.on('error', () => to.destroy());
    from.on('close', () => setTimeout(() => to.destroy(), delayMs));
  };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(typeof address === 'object' && address ? address.port : 0);
  return {
    url: proxied.toString(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
