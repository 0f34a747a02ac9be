// app/api/me/route.ts: your own API, acting as the target during a session and audited.
import { impersonation } from '@/lib/impersonation';

export const GET = impersonation.protect(async (_request, actor) => Response.json({ user: actor.user, impersonator: actor.session?.impersonator ?? null }));
