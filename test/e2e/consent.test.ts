// Seed 003 (consent) acted out in the demo with two tabs: the admin's and the target's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { expectNoAxeViolations, launchBrowser, newContext, openDemo, screenshot, resetDemo } from './browser';

let browser: Browser;
let admin: Page;
let bob: Page;

beforeAll(async () => {
  await resetDemo();
  browser = await launchBrowser();
  const context = await newContext(browser);
  admin = await openDemo(context, 'u_owner', 'users');
  await Promise.all([admin.waitForEvent('load'), admin.getByLabel('Policy preset').selectOption('consent')]);
  await admin.getByTestId('whoami').filter({ hasNotText: 'Loading' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
});

const bobsItem = () => admin.getByRole('menuitem', { name: /Impersonate user/ });

describe('consent: nobody is impersonated without their say, and they see everything', () => {
  it('the item is disabled while Bob has not consented', async () => {
    await admin.getByRole('button', { name: 'Actions for Bob Viewer' }).click();
    await expect.poll(() => bobsItem().getAttribute('aria-disabled')).toBe('true');
    await expect.poll(() => admin.getByRole('menu').textContent()).toContain("hasn't allowed impersonation");
    await admin.keyboard.press('Escape');
  });

  it('Bob, signed in in a second tab, enables consent for 2 hours', async () => {
    bob = await openDemo(admin.context(), 'u_bob', 'settings');
    await bob.getByRole('heading', { name: 'Impersonation consent' }).waitFor();
    await bob.getByRole('radiogroup', { name: 'Duration' }).getByRole('radio', { name: 'Custom' }).check();
    await bob.getByRole('spinbutton', { name: /Hours/ }).fill('2');
    await bob.getByRole('button', { name: 'Enable impersonation' }).click();
    await expect.poll(() => bob.getByText('Active', { exact: true }).count()).toBeGreaterThan(0);
    await expectNoAxeViolations(bob, 'consent settings (active)');
    await screenshot(bob, 'consent-settings-active-light');
  });

  it("the admin is notified that Bob's consent is available (seed 003)", async () => {
    const bell = admin.getByRole('button', { name: /^Notifications/ });
    // The demo polls notifications every 3 s.
    await expect.poll(() => bell.textContent(), { timeout: 8_000 }).toBe('Notifications (1 new)');
    await bell.click();
    const panel = admin.getByRole('region', { name: 'Notifications' });
    await expect.poll(() => panel.textContent()).toContain('Bob Viewer allowed impersonation until');
    await expectNoAxeViolations(admin, 'admin notifications (consent granted)');
    await bell.click();
  });

  it('the admin can now impersonate Bob, and the banner shows when the consent ends', async () => {
    await admin.bringToFront();
    await admin.reload();
    await admin.getByRole('button', { name: 'Actions for Bob Viewer' }).click();
    await expect.poll(() => bobsItem().getAttribute('aria-disabled')).not.toBe('true');
    await bobsItem().click();
    const dialog = admin.getByRole('dialog', { name: 'Impersonate Bob Viewer' });
    await dialog.getByRole('button', { name: 'Start impersonation' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const banner = admin.getByRole('region', { name: 'Impersonation' });
    await banner.waitFor();
    await expect.poll(() => banner.textContent()).toContain('Consent ends at');
    // Capped by Bob's 2-hour consent, granted moments ago (the notice check above took a few seconds).
    expect((await banner.getByRole('timer').textContent())?.trim()).toMatch(/^(2:00:00|1:59:[0-5]\d)$/);
  });

  it("Bob's settings say at the top that the admin is acting as him, and why", async () => {
    await bob.bringToFront();
    await bob.reload();
    const notice = bob.getByRole('region', { name: 'Olivia Owner is acting as you right now' });
    await notice.waitFor();
    // Above the consent controls, so it is the first thing Bob reads.
    const [noticeTop, durationTop] = await Promise.all([notice.boundingBox(), bob.getByRole('radiogroup').boundingBox()]);
    expect(noticeTop!.y).toBeLessThan(durationTop!.y);
    expect(await notice.textContent()).toContain('No reason given');
    await expectNoAxeViolations(bob, 'consent settings (impersonated now)');
    await screenshot(bob, 'consent-impersonated-notice-light');
  });

  it("Bob revokes from the notice, and the admin's session ends with the consent reason within the poll interval", async () => {
    const notice = bob.getByRole('region', { name: 'Olivia Owner is acting as you right now' });
    await notice.getByRole('button', { name: 'Revoke consent' }).click();
    const confirm = bob.getByRole('alertdialog', { name: 'Revoke consent?' });
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => bob.getByText('Not enabled', { exact: true }).count()).toBeGreaterThan(0);
    const prompt = admin.getByRole('alertdialog', { name: 'Impersonation session ended' });
    // The demo polls every 5 s.
    await prompt.waitFor({ timeout: 8_000 });
    expect(await prompt.textContent()).toContain('revoked their consent');
    expect(await prompt.getByRole('button', { name: 'Restart session' }).count()).toBe(0);
    await expect.poll(() => prompt.getByRole('button', { name: 'Back to my account' }).evaluate((node) => node === document.activeElement)).toBe(true);
    await expect.poll(() => notice.count()).toBe(0);
    await screenshot(admin, 'consent-revoked-prompt-light');
  });

  it("Bob's Sessions list shows who impersonated him, with the session's audit log", async () => {
    await bob.reload();
    const sessions = bob.getByRole('heading', { name: 'Sessions' });
    await sessions.waitFor();
    await expect.poll(() => bob.locator('main').textContent()).toContain('Olivia Owner');
    await bob.getByRole('button', { name: 'Show audit log' }).first().click();
    const table = bob.getByRole('table', { name: 'Impersonation audit log' });
    await expect.poll(() => table.textContent()).toContain('Impersonation started');
    await expectNoAxeViolations(bob, 'consent settings with audit');
  });
});
