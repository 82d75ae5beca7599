import Fastify from 'fastify';

/**
 * The HTTP baseline of `npm run bench`: a bare Fastify server (no Nest, no auth, no database) that
 * answers each path with a fixed JSON body held in memory. BENCH_BODIES is `{ "<path>": "<json>" }`;
 * the port it listens on is printed as `listening <port>` on stdout.
 */
const bodies = JSON.parse(process.env.BENCH_BODIES ?? '{}') as Record<string, string>;
const app = Fastify({ logger: false });
for (const [path, body] of Object.entries(bodies)) {
  app.get(path, (_request, reply) => {
    void reply.header('content-type', 'application/json; charset=utf-8').send(body);
  });
}
app.listen({ port: 0, host: '127.0.0.1' }).then(
  () => {
    const address = app.server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
