import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/**
 * The baseline: bare Hono on @hono/node-server, one POST route that reads the body and answers
 * {ok:true}. Run as a child process by bench/webhook.ts, so it is measured like the hotline.
 */
const app = new Hono();
app.get('/healthz', (c) => c.json({ status: 'ok' }));
app.post('/webhooks/line', async (c) => {
  await c.req.arrayBuffer();
  return c.json({ ok: true });
});

const server = serve(
  {
    fetch: app.fetch,
    port: Number(process.env.PORT ?? 0),
    hostname: process.env.HOST ?? '127.0.0.1',
  },
  (info) => process.stderr.write(`hello server on ${info.port}\n`),
);
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
