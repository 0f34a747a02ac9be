import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { AuditTable } from '../components/AuditTable';
import { ConsentSettings } from '../components/ConsentSettings';
import { CountdownBanner } from '../components/CountdownBanner';
import { ImpersonateMenuItem } from '../components/ImpersonateMenuItem';
import { ReasonDialog } from '../components/ReasonDialog';
import { SessionEndedPrompt } from '../components/SessionEndedPrompt';
import { de } from '../locales/de';
import { defaultMessages, formatMessage } from '../messages';
import type { MessageKey } from '../messages';
import { GOOD_START, setupKitServer } from './kitHarness';

const { kit } = setupKitServer();

const alice = { id: 'u_alice', name: 'Alice Analyst', email: 'alice@acme.test' };

/**
 * The English words of every message that German writes differently: the literal runs between
 * placeholders and plural blocks, whole words only, so "Status" (the same in both) and data from
 * the server ("Alice Analyst") never count as a leak.
 */
const ENGLISH: readonly { key: MessageKey; text: string }[] = (Object.keys(defaultMessages) as MessageKey[])
  .filter((key) => defaultMessages[key] !== de[key])
  .flatMap((key) =>
    [
      ...defaultMessages[key].split(/\{\w+, plural,(?:[^{}]|\{[^{}]*\})*\}|\{\w+\}/),
      // The words of each plural form ("hours", "events").
      ...[...defaultMessages[key].matchAll(/\{\w+, plural,((?:[^{}]|\{[^{}]*\})*)\}/g)].flatMap((plural) =>
        [...(plural[1] ?? '').matchAll(/\{([^{}]*)\}/g)].map((form) => (form[1] ?? '').replace('#', '')),
      ),
    ]
      .map((text) => text.trim().replace(/^[\s:().,]+|[\s:().,]+$/g, ''))
      .filter((text) => /[A-Za-z]{3}/.test(text) && text !== de[key])
      .map((text) => ({ key, text })),
  );

/** Every English message fragment found in the page's text or accessible names/descriptions. */
function englishLeaks(): string[] {
  const attributes = [...document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')].flatMap((element) =>
    ['aria-label', 'title', 'placeholder', 'alt'].map((name) => element.getAttribute(name) ?? ''),
  );
  const page = [document.body.textContent ?? '', ...attributes].join('\n');
  return ENGLISH.filter(({ text }) => new RegExp(`(^|[^A-Za-z])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z])`).test(page)).map(
    ({ key, text }) => `${key}: "${text}"`,
  );
}

/** A kit whose provider speaks German. */
function german(options: Parameters<typeof kit>[0] = {}) {
  return kit({ ...options, provider: { locale: 'de', messages: de, queryClient: new QueryClient({ defaultOptions: { queries: { retry: false } } }) } });
}

// Whole components on a real backend: slower than the default 5 s when the machine is busy.
describe('the German locale', { timeout: 20_000 }, () => {
  it('translates every message, keeping each placeholder and plural argument of the English one', () => {
    for (const key of Object.keys(defaultMessages) as MessageKey[]) {
      const names = (text: string) => [...text.matchAll(/\{(\w+)/g)].map((match) => match[1]).sort();
      expect(names(de[key]), key).toEqual(names(defaultMessages[key]));
    }
    expect(Object.keys(de).sort()).toEqual(Object.keys(defaultMessages).sort());
  });

  it('writes German plurals', () => {
    expect(formatMessage(de['consent.hours'], { count: 1 }, 'de')).toBe('1 Stunde');
    expect(formatMessage(de['consent.hours'], { count: 24 }, 'de')).toBe('24 Stunden');
    expect(formatMessage(de['banner.warning'], { minutes: 1 }, 'de')).toBe('Noch 1 Minute in dieser Sitzung mit übernommener Identität.');
    expect(formatMessage(de['audit.loaded'], { count: 1200 }, 'de')).toBe('1.200 Ereignisse geladen.');
  });

  it('the menu item and its reason dialog show no English', async () => {
    const k = german({ preset: 'account-admin' });
    render(
      <div role="menu" aria-label="Aktionen">
        <ImpersonateMenuItem user={alice} />
      </div>,
      { wrapper: k.wrapper },
    );
    const item = await screen.findByRole('menuitem', { name: /Identität übernehmen/ });
    await waitFor(() => expect(item).not.toHaveAttribute('aria-disabled', 'true'));
    await userEvent.click(item);
    await screen.findByRole('dialog', { name: 'Identität von Alice Analyst übernehmen' });
    await screen.findByRole('button', { name: 'Identitätsübernahme starten' });
    // Submitting empty shows the validation messages too.
    await userEvent.click(screen.getByRole('button', { name: 'Identitätsübernahme starten' }));
    await screen.findByText('Geben Sie eine Begründung ein.');
    expect(englishLeaks()).toEqual([]);
  });

  it('the reason dialog with a verification code (enterprise) shows no English', async () => {
    const k = german({ preset: 'enterprise' });
    render(<ReasonDialog target={alice} defaultOpen />, { wrapper: k.wrapper });
    await screen.findByLabelText(/Bestätigungscode/);
    expect(englishLeaks()).toEqual([]);
  });

  it('the banner and the ended prompt show no English', async () => {
    const k = german({ preset: 'account-admin' });
    render(
      <>
        <CountdownBanner />
        <SessionEndedPrompt />
      </>,
      { wrapper: k.wrapper },
    );
    await waitFor(() => expect(k.client.session.getSnapshot().status).toBe('idle'));
    await act(() => k.client.session.start(GOOD_START));
    await screen.findByRole('region', { name: 'Identitätsübernahme' });
    await screen.findByText('Verbleibende Zeit');
    expect(englishLeaks()).toEqual([]);

    // The disclosure's words too: reason, category, why it ends.
    await userEvent.click(screen.getByRole('button', { name: 'Details' }));
    expect(englishLeaks()).toEqual([]);

    // A deliberate End: no dialog, the polite "back as" status with its quiet Restart.
    await userEvent.click(screen.getByRole('button', { name: 'Sitzung beenden' }));
    await screen.findByText('Sie sind wieder als Olivia Owner angemeldet.');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(englishLeaks()).toEqual([]);
  });

  it('consent settings, consent given, show no English', async () => {
    const k = german({ preset: 'consent', viewer: 'u_alice' });
    await k.client.consent.grant({ durationHours: 24 });
    render(<ConsentSettings />, { wrapper: k.wrapper });
    await screen.findByRole('heading', { name: 'Zustimmung zur Identitätsübernahme' });
    await screen.findByText('Aktiv');
    await screen.findByRole('heading', { name: 'Sitzungen' });
    await waitFor(() => expect(screen.queryByText(/wird geladen/)).toBeNull());
    expect(englishLeaks()).toEqual([]);
  });

  it('the audit table shows no English', async () => {
    const k = german({ preset: 'account-admin' });
    render(
      <>
        <CountdownBanner />
        <AuditTable />
      </>,
      { wrapper: k.wrapper },
    );
    await waitFor(() => expect(k.client.session.getSnapshot().status).toBe('idle'));
    await act(() => k.client.session.start(GOOD_START));
    await act(() => k.client.session.end());
    await screen.findByRole('table', { name: 'Prüfprotokoll der Identitätsübernahmen' });
    await screen.findAllByText('Identitätsübernahme begonnen');
    expect(englishLeaks()).toEqual([]);
  });

  it('the check finds a leak when there is one', async () => {
    const k = german();
    render(<p>{defaultMessages['error.network_error']}</p>, { wrapper: k.wrapper });
    expect(englishLeaks()).toContain(`error.network_error: "${defaultMessages['error.network_error'].replace(/\.$/, '')}"`);
  });
});
