// The start page: the users list when signed in, the sign-in page otherwise.
import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/impersonation';

export default async function Home() {
  redirect((await currentActor()) ? '/users' : '/sign-in');
}
