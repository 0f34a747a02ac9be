// Signs out: a running impersonation session ends with it (logged_out), then the cookie goes.
import { authenticate, SESSION_COOKIE } from '@/lib/auth';
import { impersonation } from '@/lib/impersonation';

export async function POST(request: Request): Promise<Response> {
  const auth = authenticate(request);
  if (auth) await impersonation.signOut(auth.userId);
  return new Response(null, { status: 303, headers: { Location: '/sign-in', 'Set-Cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` } });
}
