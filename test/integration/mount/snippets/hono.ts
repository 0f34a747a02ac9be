// app.ts: Hono. c.req.raw is the Web Request the server takes.
import { Hono } from 'hono';
import { impersonation } from './impersonation';

const me = impersonation.protect(async (_request, actor) => Response.json({ user: actor.user, impersonator: actor.session?.impersonator ?? null }));

export const app = new Hono();
app.all('/api/impersonation/*', (c) => impersonation.handle(c.req.raw));
app.get('/api/me', (c) => me(c.req.raw));
