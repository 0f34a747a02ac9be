// Seeds 000/001 (account-admin) acted out in the demo, by role and accessible name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright';
import { expectNoAxeViolations, launchBrowser, newContext, openDemo, screenshot, resetDemo } from './browser';

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  await resetDemo();
  browser = await launchBrowser();
  context = await newContext(browser);
  page = await openDemo(context, 'u_owner', 'users');
});

afterAll(async () => {
  await browser?.close();
});

const banner = () => page.getByRole('region', { name: 'Impersonation' });
const prompt = () => page.getByRole('alertdialog', { name: 'Impersonation session ended' });
// After the admin's own End session: a polite status, no modal.
const backAs = () => page.getByRole('status').filter({ hasText: "You're back as Olivia Owner." });
const fastForward = (label: string) => page.getByRole('button', { name: `Fast-forward ${label}` }).click();

describe('account-admin: an admin impersonates Alice to reproduce a bug', () => {
  it('the users page lists the cast with a kebab menu per row, and has no axe violations', async () => {
    await expect.poll(() => page.getByRole('row').count()).toBeGreaterThan(5);
    await expectNoAxeViolations(page, 'users (idle)');
    await screenshot(page, 'account-admin-users-light');
  });

  it('Impersonate user asks for a reason, required by the policy', async () => {
    await page.getByRole('button', { name: 'Actions for Alice Analyst' }).click();
    await page.getByRole('menuitem', { name: /Impersonate user/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Impersonate Alice Analyst' });
    await dialog.waitFor();
    const start = dialog.getByRole('button', { name: 'Start impersonation' });
    await expect.poll(() => start.isDisabled().catch(() => false) || start.getAttribute('aria-disabled').then((v) => v === 'true')).toBe(true);
    await dialog.getByRole('textbox', { name: /Reason/ }).fill('Reproduce ticket #4521: dashboard is empty');
    await dialog.getByRole('combobox', { name: /Category/ }).selectOption('Troubleshooting');
    await expectNoAxeViolations(page, 'reason dialog');
    await start.click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('the banner counts down from 30:00 and says who is impersonated and why', async () => {
    await banner().waitFor();
    await expect.poll(() => banner().textContent()).toContain('You are impersonating Alice Analyst');
    // The reason sits behind the Details disclosure, so the bar stays slim.
    const details = banner().getByRole('group', { name: 'Details' });
    expect(await details.isVisible()).toBe(false);
    await banner().getByRole('button', { name: 'Details' }).click();
    await expect.poll(() => details.isVisible()).toBe(true);
    expect(await details.textContent()).toContain('Reproduce ticket #4521');
    expect(await details.textContent()).toContain('Category: Troubleshooting');
    await banner().getByRole('button', { name: 'Details' }).click();
    await expect.poll(() => details.isVisible()).toBe(false);
    const timer = banner().getByRole('timer');
    const first = (await timer.textContent())?.trim();
    expect(first === '30:00' || first === '29:59').toBe(true);
    await expect.poll(() => timer.textContent(), { timeout: 4_000 }).not.toBe(first);
    await expectNoAxeViolations(page, 'users (impersonating)');
  });

  it('Projects show the target’s view, and a blocked action is explained and refused by the server', async () => {
    await page.getByRole('link', { name: 'Projects' }).click();
    await expect.poll(() => page.getByTestId('whoami').textContent()).toContain('Acting as Alice Analyst');
    const list = page.getByRole('list', { name: 'Projects' });
    await expect.poll(() => list.textContent()).toContain('Churn Analysis');
    // Alice's projects, not the admin's own.
    expect(await list.textContent()).not.toContain('Acme Website');
    const change = page.getByRole('button', { name: 'Change password' });
    expect(await change.isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: /let me try blocked actions/ }).check();
    await change.click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Refused' }).count()).toBe(1);
    await expectNoAxeViolations(page, 'projects (impersonating)');
    await screenshot(page, 'account-admin-projects-impersonating-light');
  });

  it('End session ends it with a polite status, no modal; its quiet Restart session starts a new one', async () => {
    await banner().getByRole('button', { name: 'End session' }).click();
    await backAs().waitFor();
    await banner().waitFor({ state: 'hidden' });
    expect(await prompt().count()).toBe(0);
    await expect.poll(() => page.getByTestId('whoami').textContent()).toContain('Signed in as Olivia Owner');
    await expectNoAxeViolations(page, 'ended status');
    await screenshot(page, 'account-admin-ended-status-light');
    await page.getByRole('button', { name: 'Restart session' }).click();
    await banner().waitFor();
    await expect.poll(() => backAs().count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Dismiss' }).count()).toBe(0);
  });

  it('after 30 minutes of server time the prompt says it expired, and Back to my account returns to your own view', async () => {
    await fastForward('10 min');
    await fastForward('10 min');
    await fastForward('10 min');
    await prompt().waitFor();
    expect(await prompt().textContent()).toContain('time limit');
    // The safe action takes focus: Enter never puts the admin back into Alice's account.
    const back = prompt().getByRole('button', { name: 'Back to my account' });
    await expect.poll(() => back.evaluate((node) => node === document.activeElement)).toBe(true);
    await expectNoAxeViolations(page, 'expired prompt');
    await screenshot(page, 'account-admin-expired-light');
    await back.click();
    await prompt().waitFor({ state: 'hidden' });
    expect(await banner().count()).toBe(0);
    await expect.poll(() => page.getByTestId('whoami').textContent()).toContain('Signed in as Olivia Owner');
  });

  it('the audit shows started, the actions with the password redacted, and ended', async () => {
    await page.getByRole('link', { name: 'Audit' }).click();
    const table = page.getByRole('table', { name: 'Impersonation audit log' });
    await table.waitFor();
    await expect.poll(() => table.textContent()).toContain('Impersonation started');
    const text = (await table.textContent()) ?? '';
    expect(text).toContain('Impersonation ended');
    expect(text).toContain('/api/app/account/password');
    // Grouped by session: a header row names who acted as whom, and why.
    expect(await table.getByRole('rowheader').filter({ hasText: 'Olivia Owner → Alice Analyst' }).count()).toBeGreaterThan(0);
    expect(text).toContain('Reason: Reproduce ticket #4521');
    // The refused password change is marked Blocked, in words.
    const refused = table.getByRole('row').filter({ hasText: '/api/app/account/password' });
    expect(await refused.first().textContent()).toContain('Blocked');
    // Page views (GET) stay hidden until asked for.
    expect(text).not.toMatch(/GET \/api\/app\/projects/);
    expect(text).toMatch(/page views? hidden/);
    await page.getByRole('checkbox', { name: 'Show page views' }).check();
    await expect.poll(() => table.textContent()).toMatch(/GET \/api\/app\/projects/);
    await page.getByRole('checkbox', { name: 'Show page views' }).uncheck();
    await table.getByRole('button', { name: 'Show request body' }).first().click();
    await expect.poll(() => table.textContent()).toContain('[REDACTED]');
    expect(await table.textContent()).not.toContain('correct horse battery staple');
    await expectNoAxeViolations(page, 'audit');
    await screenshot(page, 'account-admin-audit-light');
  });
});
