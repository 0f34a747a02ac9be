// `pnpm demo`: the Acme Console on a real Node server. DEMO_PORT (default 5173), DEMO_HOST
// (default 127.0.0.1: the demo-only API signs anyone in, so it stays on this machine unless asked),
// DATABASE_URL (PostgreSQL instead of the memory store). Prints the URL once it answers.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createDemoServer, listen } from './demoServer';
import { openStoreSource } from './demoStore';

const staticDir = fileURLToPath(new URL('../dist', import.meta.url));
if (!existsSync(`${staticDir}/index.html`)) {
  console.error(`[demo] ${staticDir}/index.html is missing: build the SPA first (pnpm demo does).`);
  process.exit(1);
}

const port = Number(process.env.DEMO_PORT ?? 5173);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`[demo] DEMO_PORT must be a port number, not "${process.env.DEMO_PORT}".`);
  process.exit(1);
}
const host = process.env.DEMO_HOST ?? '127.0.0.1';

const stores = await openStoreSource(process.env.DATABASE_URL || undefined);
const demo = await createDemoServer({ staticDir, stores });
const { http, url } = await listen(demo, port, host);

// Announce only once a request really comes back, so whoever reads the URL can use it at once.
for (let attempt = 0; ; attempt += 1) {
  const answer = await fetch(url).catch(() => null);
  if (answer?.ok) break;
  if (attempt >= 50) {
    console.error(`[demo] ${url} does not answer.`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
process.stdout.write(`Acme Console (demo, ${stores.kind} store): ${url}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  http.close();
  http.closeAllConnections();
  await stores.close().catch((error: unknown) => console.error('[demo] closing the store failed', error));
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
