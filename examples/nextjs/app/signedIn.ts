// Every page but sign-in needs someone signed in.
import type { Actor } from '@impersonate-kit/server';
import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/impersonation';

/** Who acts, or a redirect to the sign-in page. */
export async function requireActor(): Promise<Actor> {
  return (await currentActor()) ?? redirect('/sign-in');
}
