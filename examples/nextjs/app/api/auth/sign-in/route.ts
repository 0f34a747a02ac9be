// Signs in as one of the cast (the example's stand-in for the product's real sign-in).
import { SESSION_COOKIE, sessionValue } from '@/lib/auth';
import { findUser } from '@/lib/directory';

export async function POST(request: Request): Promise<Response> {
  const userId = (await request.formData()).get('userId');
  const user = typeof userId === 'string' ? findUser(userId) : null;
  if (!user || user.status !== 'active') return new Response(null, { status: 303, headers: { Location: '/sign-in?error=1' } });
  return new Response(null, {
    status: 303,
    headers: { Location: '/users', 'Set-Cookie': `${SESSION_COOKIE}=${sessionValue(user.id)}; Path=/; HttpOnly; SameSite=Lax` },
  });
}
