// A server instance in a process of its own, over real HTTP, for the cross-process tests:
// `node --conditions=@impersonate-kit/source --import tsx instanceProcess.ts <databaseUrl>`.
// Prints `{"port":…}` once listening; exits when its standard input closes.
import { createServer } from 'node:http';
import { toNodeHandler } from '../../nodeHandler';
import { createPostgresStore } from '../../postgres';
import { testServer } from '../harness';

const url = process.argv[2];
if (!url) throw new Error('usage: instanceProcess.ts <databaseUrl>');
const store = createPostgresStore({ connectionString: url, maxConnections: 8 });
// Wall-clock time, as the parent's instance uses: two processes, one clock (as NTP keeps hosts).
const { server } = testServer({ clock: { now: () => Date.now() } }, store);
const http = createServer(toNodeHandler(server.handle));
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => {
  http.close();
  void store.close().then(() => process.exit(0));
});
