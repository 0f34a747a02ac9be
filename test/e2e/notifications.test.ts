// The target is told: Alice, signed in in her own browser, gets a notice when an admin starts
// impersonating her and when it ends — who, why, and a link to that session's audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { expectNoAxeViolations, launchBrowser, newContext, openDemo, resetDemo, screenshot } from './browser';

let browser: Browser;
let admin: Page;
let alice: Page;

beforeAll(async () => {
  await resetDemo('account-admin');
  browser = await launchBrowser();
  admin = await openDemo(await newContext(browser), 'u_owner', 'users');
  alice = await openDemo(await newContext(browser), 'u_alice', 'projects');
});

afterAll(async () => {
  await browser?.close();
});

const bell = () => alice.getByRole('button', { name: /^Notifications/ });
const panel = () => alice.getByRole('region', { name: 'Notifications' });

describe('the target is notified of every session on them', () => {
  it('Alice starts with no notifications', async () => {
    expect(await bell().textContent()).toBe('Notifications');
    await bell().click();
    await expect.poll(() => panel().textContent()).toContain('No notifications.');
    await bell().click();
  });

  it('when the admin starts a session, Alice sees who and why', async () => {
    await admin.getByRole('button', { name: 'Actions for Alice Analyst' }).click();
    await admin.getByRole('menuitem', { name: /Impersonate user/ }).click();
    const dialog = admin.getByRole('dialog', { name: 'Impersonate Alice Analyst' });
    await dialog.getByRole('textbox', { name: /Reason/ }).fill('Ticket #77: the export button fails');
    await dialog.getByRole('combobox', { name: /Category/ }).selectOption('Support');
    await dialog.getByRole('button', { name: 'Start impersonation' }).click();
    await admin.getByRole('region', { name: 'Impersonation' }).waitFor();

    // The demo polls notifications every 3 s.
    await expect.poll(() => bell().textContent(), { timeout: 8_000 }).toBe('Notifications (1 new)');
    await bell().click();
    await expect.poll(() => panel().textContent()).toContain('Olivia Owner started impersonating you.');
    expect(await panel().textContent()).toContain('Support: Ticket #77: the export button fails');
    // Opening the panel reads them.
    await expect.poll(() => bell().textContent()).toBe('Notifications');
    await expectNoAxeViolations(alice, 'notifications (session started)');
    await screenshot(alice, 'notifications-started-light');
    await bell().click();
  });

  it('when the admin ends it, Alice is told how it ended, with a link to its audit', async () => {
    await admin.getByRole('region', { name: 'Impersonation' }).getByRole('button', { name: 'End session' }).click();
    await admin.getByRole('status').filter({ hasText: "You're back as Olivia Owner." }).waitFor();

    await expect.poll(() => bell().textContent(), { timeout: 8_000 }).toBe('Notifications (1 new)');
    await bell().click();
    const ended = panel().getByRole('listitem').first();
    await expect.poll(() => ended.textContent()).toContain('Olivia Owner stopped impersonating you. They ended the session.');
    expect(await panel().getByRole('listitem').count()).toBe(2);
    await ended.getByRole('link', { name: 'See what they did in this session' }).click();

    await expect.poll(() => alice.evaluate(() => window.location.hash)).toMatch(/^#\/audit\?session=imp_/);
    const table = alice.getByRole('table', { name: 'Impersonation audit log' });
    await expect.poll(() => table.textContent()).toContain('Impersonation ended');
    const text = (await table.textContent()) ?? '';
    expect(text).toContain('Impersonation started');
    expect(text).toContain('Ticket #77');
    await expectNoAxeViolations(alice, 'audit of one session (as the target)');
    await screenshot(alice, 'notifications-session-audit-light');
  });
});
