// app.ts: Express 5. Mount the contract before any body parser: it reads the raw body itself.
import express from 'express';
import { toNodeHandler } from '@impersonate-kit/server';
import { impersonation } from './impersonation';

export const app = express();

app.all('/api/impersonation/*splat', toNodeHandler(impersonation.handle));

// Your own API: protect() acts as the target during a session and audits the call.
app.get(
  '/api/me',
  toNodeHandler(impersonation.protect(async (_request, actor) => Response.json({ user: actor.user, impersonator: actor.session?.impersonator ?? null }))),
);

// A write the policy blocks while impersonating (403 blocked_during_impersonation, still audited).
app.post(
  '/api/api-keys',
  toNodeHandler(
    impersonation.protect(async (request, actor) => Response.json({ owner: actor.user.id, name: ((await request.json()) as { name: string }).name }, { status: 201 }), {
      action: () => 'api_keys.manage',
    }),
  ),
);
