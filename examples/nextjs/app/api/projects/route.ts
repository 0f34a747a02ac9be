// The host's own API: during a session it answers as the target, and every call is audited.
import { projectsOf } from '@/lib/directory';
import { impersonation } from '@/lib/impersonation';

export const GET = impersonation.protect(async (_request, actor) => Response.json({ owner: actor.user.id, projects: projectsOf(actor.user.id) }));
