// The account-admin story once more, with the keyboard only: no clicks anywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { launchBrowser, newContext, openDemo, resetDemo } from './browser';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  await resetDemo();
  browser = await launchBrowser();
  page = await openDemo(await newContext(browser), 'u_owner', 'users');
});

afterAll(async () => {
  await browser?.close();
});

/** What has focus, as a user would name it: its accessible name or its text. */
function focused(): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '<body>';
    // Text hidden from assistive technology (a button's other-state label) is not part of its name.
    const named = el.cloneNode(true) as Element;
    named.querySelectorAll('[aria-hidden="true"]').forEach((node) => node.remove());
    return (el.getAttribute('aria-label') ?? named.textContent ?? '').trim();
  });
}

/** Presses Tab until the focused element's name matches, as a keyboard user would (at most 80 presses). */
async function tabTo(name: RegExp, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let i = 0; i < 80; i += 1) {
    if (name.test(await focused())) return;
    await page.keyboard.press(key);
  }
  throw new Error(`Never reached ${name} with ${key}; focus is on "${await focused()}"`);
}

describe('keyboard only: start, end and dismiss a session', () => {
  it('Tab reaches the kebab menu, Enter opens it, the arrow keys reach "Impersonate user"', async () => {
    await tabTo(/^Actions for Alice Analyst$/);
    await page.keyboard.press('Enter');
    await page.getByRole('menu').waitFor();
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toMatch(/^Impersonate user/);
    // The item is disabled until eligibility answers; a keyboard user waits for it too.
    await expect.poll(() => page.getByRole('menuitem', { name: /Impersonate user/ }).getAttribute('aria-disabled')).not.toBe('true');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Impersonate Alice Analyst' }).waitFor();
  });

  it('the dialog takes focus, and the reason, category and Start are reached with Tab', async () => {
    const dialog = page.getByRole('dialog', { name: 'Impersonate Alice Analyst' });
    await expect.poll(() => dialog.evaluate((node) => node.contains(document.activeElement))).toBe(true);
    await tabTo(/^$/); // the empty reason textbox
    await page.keyboard.type('Check what Alice sees on the dashboard');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // the category select: the first category
    await tabTo(/^Start impersonation$/);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('region', { name: 'Impersonation' }).waitFor();
    expect(await focused()).not.toBe('<body>');
  });

  it('End session is reached with Tab; a status says who you are again, focus stays on the page; Dismiss is reached with Tab', async () => {
    await tabTo(/^End session$/, 'Shift+Tab');
    await page.keyboard.press('Enter');
    const status = page.getByRole('status').filter({ hasText: "You're back as Olivia Owner." });
    await status.waitFor();
    // The admin's own end is no surprise: no modal takes the focus.
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Impersonation' }).count()).toBe(0);
    // Focus lands on the page, not nowhere, so the next Tab continues from a known place.
    expect(await focused()).not.toBe('<body>');
    await expect.poll(() => page.getByTestId('whoami').textContent()).toContain('Signed in as Olivia Owner');
    await tabTo(/^Dismiss$/);
    await page.keyboard.press('Enter');
    await expect.poll(() => status.count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Restart session' }).count()).toBe(0);
    expect(await focused()).not.toBe('<body>');
  });
});
