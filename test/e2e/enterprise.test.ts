// Seeds 002/004 (enterprise) acted out in the demo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { expectNoAxeViolations, launchBrowser, newContext, openDemo, screenshot, resetDemo } from './browser';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  await resetDemo();
  browser = await launchBrowser();
  page = await openDemo(await newContext(browser), 'u_owner', 'users');
  // The demo bar switches the stored backend's policy and reloads, as a product's settings would.
  await Promise.all([page.waitForEvent('load'), page.getByLabel('Policy preset').selectOption('enterprise')]);
  await page.getByTestId('whoami').filter({ hasNotText: 'Loading' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
});

describe('enterprise: admins are protected, starting needs a second factor, idle sessions end', () => {
  it("an admin target's item is disabled with the reason in words", async () => {
    await page.getByRole('button', { name: 'Actions for Ada Admin' }).click();
    const item = page.getByRole('menuitem', { name: /Impersonate user/ });
    await expect.poll(() => item.getAttribute('aria-disabled')).toBe('true');
    await expect.poll(() => page.getByRole('menu').textContent()).toContain("Admins can't be impersonated.");
    await expectNoAxeViolations(page, 'enterprise menu (admin target)');
    await page.keyboard.press('Escape');
  });

  it('the second-factor code is asked; a wrong one is refused in the dialog, 123456 starts', async () => {
    await page.getByRole('button', { name: 'Actions for Alice Analyst' }).click();
    await page.getByRole('menuitem', { name: /Impersonate user/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Impersonate Alice Analyst' });
    await dialog.waitFor();
    const code = dialog.getByRole('textbox', { name: /Verification code/ });
    await code.fill('000000');
    await dialog.getByRole('button', { name: 'Start impersonation' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('verification code is not valid');
    await screenshot(page, 'enterprise-step-up-error-light');
    await code.fill('123456');
    await dialog.getByRole('button', { name: 'Start impersonation' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('region', { name: 'Impersonation' }).waitFor();
  });

  it('an hour without activity ends the session as idle', async () => {
    await page.getByRole('button', { name: 'Fast-forward 1 h' }).click();
    const prompt = page.getByRole('alertdialog', { name: 'Impersonation session ended' });
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain('inactivity');
    const back = prompt.getByRole('button', { name: 'Back to my account' });
    await expect.poll(() => back.evaluate((node) => node === document.activeElement)).toBe(true);
    await expectNoAxeViolations(page, 'enterprise idle prompt');
    await back.click();
    await prompt.waitFor({ state: 'hidden' });
    expect(await page.getByRole('region', { name: 'Impersonation' }).count()).toBe(0);
  });
});
