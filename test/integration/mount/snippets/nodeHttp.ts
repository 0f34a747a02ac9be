// server.ts: plain node:http, the contract and one host route behind protect().
import { createServer } from 'node:http';
import { toNodeHandler } from '@impersonate-kit/server';
import { impersonation } from './impersonation';

const contract = toNodeHandler(impersonation.handle);
const me = toNodeHandler(
  impersonation.protect(async (_request, actor) => Response.json({ user: actor.user, impersonator: actor.session?.impersonator ?? null })),
);

export const server = createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  if (pathname.startsWith('/api/impersonation/')) contract(req, res);
  else if (pathname === '/api/me') me(req, res);
  else res.writeHead(404).end();
});
