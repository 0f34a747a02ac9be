// Your own handler, step by step, where protect() does not fit (a read you answer yourself).
import { ApiError } from '@impersonate-kit/server';
import { impersonation } from './impersonation';

export async function exportReport(request: Request): Promise<Response> {
  try {
    // Who acts: actor.user is the target during a session, actor.realUser the admin behind it.
    const actor = await impersonation.resolve(request);
    // 403 blocked_during_impersonation while impersonating, when the policy blocks the action.
    impersonation.assertAllowed(actor, 'reports.export');
    const report = { owner: actor.user.id, rows: 3 };
    // An impersonated call is audited (redacted); an ordinary one records nothing.
    await impersonation.recordAction(actor, { method: request.method, path: new URL(request.url).pathname, status: 200, body: null });
    return Response.json(report);
  } catch (error) {
    if (error instanceof ApiError) return Response.json({ error: { code: error.code, message: error.message } }, { status: error.status });
    throw error;
  }
}
