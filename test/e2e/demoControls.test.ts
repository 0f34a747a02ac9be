// The demo-only controls live on the demo server under /demo-api and are marked as such; each tab
// holds its own signed credential, and a forged one is nobody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright';
import { inject } from 'vitest';
import { expectNoAxeViolations, launchBrowser, newContext, openDemo, resetDemo } from './browser';

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  await resetDemo('account-admin');
  browser = await launchBrowser();
  context = await newContext(browser);
  page = await openDemo(context, 'u_owner', 'users');
});

afterAll(async () => {
  await browser?.close();
});

const bar = () => page.getByRole('region', { name: 'Demo controls' });

describe('demo-only controls', () => {
  it('are grouped in a region marked "Demo only" and show the verification code', async () => {
    await expect.poll(() => bar().textContent()).toContain('Demo only');
    await expect.poll(() => bar().textContent()).toContain('Verification code: 123456');
    await expectNoAxeViolations(page, 'demo bar');
  });

  it('"Sign in as" switches this tab only: another tab stays who it was', async () => {
    const other = await openDemo(context, 'u_owner', 'users');
    await Promise.all([page.waitForEvent('load'), bar().getByLabel('Sign in as').selectOption('u_alice')]);
    await expect.poll(() => page.getByTestId('whoami').textContent()).toBe('Signed in as Alice Analyst');
    await other.reload();
    await expect.poll(() => other.getByTestId('whoami').textContent()).toBe('Signed in as Olivia Owner');
    await other.close();
  });

  it('the policy preset switches the server: the enterprise dialog then asks for a verification code', async () => {
    await Promise.all([page.waitForEvent('load'), bar().getByLabel('Sign in as').selectOption('u_owner')]);
    await Promise.all([page.waitForEvent('load'), bar().getByLabel('Policy preset').selectOption('enterprise')]);
    await expect.poll(() => bar().getByLabel('Policy preset').inputValue()).toBe('enterprise');
    await page.getByRole('button', { name: 'Actions for Alice Analyst' }).click();
    await page.getByRole('menuitem', { name: /Impersonate user/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Impersonate Alice Analyst' });
    await dialog.getByRole('textbox', { name: /Verification code/ }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('the demo API answers 401 to a missing or tampered credential and is not the contract', async () => {
    const base = inject('demoUrl');
    const advance = (authorization?: string) =>
      fetch(new URL('/demo-api/clock/advance', base), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
        body: JSON.stringify({ ms: 60_000 }),
      });
    expect((await advance()).status).toBe(401);
    const token = await page.evaluate(() => sessionStorage.getItem('acme-demo:token'));
    expect(token).toMatch(/^v1\./);
    const [version, , signature] = (token ?? '').split('.');
    const forged = JSON.stringify({ sub: 'u_admin', exp: Date.now() + 60_000, nonce: 'x' });
    expect((await advance(`Bearer ${version}.${Buffer.from(forged).toString('base64url')}.${signature}`)).status).toBe(401);
    expect((await advance(`Bearer demo:u_owner`)).status).toBe(401);
    expect((await advance(`Bearer ${token}`)).status).toBe(200);
    // The impersonation API knows nothing of the demo's controls.
    const viewer = await fetch(new URL('/api/impersonation/demo-api/state', base), { headers: { Authorization: `Bearer ${token}` } });
    expect(viewer.status).toBe(404);
  });
});
