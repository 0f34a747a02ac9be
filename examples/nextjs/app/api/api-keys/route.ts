// Creating an API key: the account-admin policy blocks `api_keys.manage` while impersonating, so
// protect() answers 403 blocked_during_impersonation (and audits the attempt) before this runs.
import { randomUUID } from 'node:crypto';
import { impersonation } from '@/lib/impersonation';

export const POST = impersonation.protect(
  async (request, actor) => {
    const { name } = (await request.json()) as { name?: unknown };
    const label = typeof name === 'string' && name.trim() !== '' ? name.trim().slice(0, 80) : 'Unnamed key';
    return Response.json({ id: `key_${randomUUID()}`, name: label, owner: actor.user.id }, { status: 201 });
  },
  { action: () => 'api_keys.manage' },
);
