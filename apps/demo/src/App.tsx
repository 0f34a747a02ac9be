import { useEffect, useRef } from 'react';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { ImpersonationClient } from '@impersonate-kit/sdk';
import { CountdownBanner, ImpersonationProvider, SessionEndedPrompt } from '@impersonate-kit/react';
import { appApi } from './appApi';
import { DemoBar } from './DemoBar';
import type { DemoPreset } from './demoApi';
import { Notifications } from './Notifications';
import { AuditPage } from './pages/AuditPage';
import { ProjectsPage } from './pages/ProjectsPage';
import { SettingsPage } from './pages/SettingsPage';
import { UsersPage } from './pages/UsersPage';
import { PRESET_MESSAGES } from './presetTheme';
import type { Route } from './useHashRoute';
import { useHashRoute } from './useHashRoute';

const NAV: Array<{ route: Route; label: string }> = [
  { route: 'users', label: 'Users' },
  { route: 'projects', label: 'Projects' },
  { route: 'settings', label: 'Account settings' },
  { route: 'audit', label: 'Audit' },
];

/** The Acme Console: a host app wiring the kit the way a product team would, in the words of the preset's product. */
export function App({ client, queryClient, preset }: { client: ImpersonationClient; queryClient: QueryClient; preset: DemoPreset }) {
  return (
    <QueryClientProvider client={queryClient}>
      <ImpersonationProvider client={client} queryClient={queryClient} messages={PRESET_MESSAGES[preset]}>
        <Shell client={client} />
      </ImpersonationProvider>
    </QueryClientProvider>
  );
}

function Shell({ client }: { client: ImpersonationClient }) {
  const route = useHashRoute();
  const me = useQuery({ queryKey: ['app', 'me'], queryFn: appApi.me });
  const heading = useRef<HTMLHeadingElement>(null);
  const label = NAV.find((item) => item.route === route)?.label ?? 'Users';

  // A page change moves focus to its heading, as screen-reader users expect of a route change.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [route]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <CountdownBanner />
      <DemoBar client={client} />
      <header className="app-header">
        <a className="app-brand" href="#/users">
          <span className="app-logo" aria-hidden="true">
            ▲
          </span>
          Acme Console
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.route}>
                <a href={`#/${item.route}`} aria-current={item.route === route ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <p className="app-whoami" data-testid="whoami">
          {me.data
            ? me.data.impersonator
              ? `Acting as ${me.data.user.name} (signed in as ${me.data.impersonator.name})`
              : `Signed in as ${me.data.user.name}`
            : 'Loading…'}
        </p>
        <Notifications />
      </header>
      <main id="main" className="app-main">
        <h1 ref={heading} tabIndex={-1}>
          {label}
        </h1>
        {route === 'users' && <UsersPage />}
        {route === 'projects' && <ProjectsPage />}
        {route === 'settings' && <SettingsPage />}
        {route === 'audit' && <AuditPage />}
      </main>
      <SessionEndedPrompt />
    </>
  );
}
