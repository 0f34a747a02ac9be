// The root layout: a server component that knows who acts before anything reaches the browser.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import '@impersonate-kit/react/styles.css';
import './globals.css';
import { currentActor } from '@/lib/impersonation';
import { Providers } from './providers';

export const metadata: Metadata = { title: 'Acme Console (Next.js)' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  return (
    <html lang="en">
      <body>
        <Providers signedIn={actor !== null}>
          <header className="top">
            <span className="brand">Acme Console</span>
            {actor && (
              <nav aria-label="Main">
                <Link href="/users">Users</Link>
                <Link href="/projects">Projects</Link>
                <Link href="/settings">Settings</Link>
                <Link href="/audit">Audit</Link>
              </nav>
            )}
            {actor && (
              <p className="whoami" data-testid="whoami">
                {actor.session ? `Acting as ${actor.user.name} (you are ${actor.realUser.name})` : `Signed in as ${actor.user.name}`}
              </p>
            )}
            {actor && (
              <form action="/api/auth/sign-out" method="post">
                <button type="submit" className="button">Sign out</button>
              </form>
            )}
          </header>
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
