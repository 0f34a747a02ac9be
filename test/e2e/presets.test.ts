// Each preset wears its product's words and colours through `messages` and --ik-* variables only (issue 10, point 11):
// enterprise's yellow "You are impersonating alice@acme.test" banner with "Stop impersonating" (seed 002),
// consent's "Exit impersonation" (seed 003); each of those buttons really ends the session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { demoApi, expectNoAxeViolations, launchBrowser, newContext, openDemo, resetDemo, screenshot } from './browser';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await resetDemo();
  await browser?.close();
});

const banner = (page: Page) => page.getByRole('region', { name: 'Impersonation' });
// The title is also in the banner's closed Details: only the bar's own line is counted.

/** Opens the dialog from the target's row and starts a session with whatever the policy asks for. */
async function impersonate(page: Page, name: string, code?: string) {
  await page.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: /Impersonate user/ }).click();
  const dialog = page.getByRole('dialog', { name: `Impersonate ${name}` });
  await dialog.waitFor();
  const reason = dialog.getByRole('textbox', { name: /Reason/ });
  if (await reason.count()) await reason.fill('Reproduce ticket #4521: dashboard is empty');
  const category = dialog.getByRole('combobox', { name: /Category/ });
  if (await category.count()) await category.selectOption({ index: 1 });
  if (code) await dialog.getByRole('textbox', { name: /Verification code/ }).fill(code);
  await dialog.getByRole('button', { name: 'Start impersonation' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await banner(page).waitFor();
}

/** The banner's computed background and text colours as [r, g, b]. */
async function bannerColours(page: Page): Promise<{ bg: number[]; fg: number[] }> {
  return banner(page).evaluate((element) => {
    const style = getComputedStyle(element);
    const rgb = (value: string) => (value.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
    return { bg: rgb(style.backgroundColor), fg: rgb(style.color) };
  });
}

/** WCAG relative-luminance contrast of two sRGB colours. */
function contrast(a: number[], b: number[]): number {
  const luminance = (rgb: number[]) => {
    const [r = 0, g = 0, bl = 0] = rgb.map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The hue in degrees (0–360) of an sRGB colour. */
function hue([r = 0, g = 0, b = 0]: number[]): number {
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

describe.each(['light', 'dark'] as const)('enterprise (%s): the yellow banner of seed 002', (scheme) => {
  let page: Page;

  beforeAll(async () => {
    await resetDemo('enterprise');
    const { stepUpCode } = (await demoApi('/state', { method: 'GET' })) as { stepUpCode: string };
    page = await openDemo(await newContext(browser, scheme), 'u_owner', 'users');
    await impersonate(page, 'Alice Analyst', stepUpCode);
  });

  afterAll(async () => {
    await page?.context().close();
  });

  it('says "You are impersonating alice@acme.test"', async () => {
    await expect.poll(() => banner(page).getByText('You are impersonating alice@acme.test', { exact: true }).filter({ visible: true }).count()).toBe(1);
  });

  it('is yellow, with text at AA contrast on it', async () => {
    const { bg, fg } = await bannerColours(page);
    const [r = 0, g = 0, b = 0] = bg;
    expect(hue(bg)).toBeGreaterThanOrEqual(40);
    expect(hue(bg)).toBeLessThanOrEqual(60);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeGreaterThan(150);
    expect(b).toBeLessThan(80);
    expect(contrast(bg, fg)).toBeGreaterThanOrEqual(4.5);
    await expectNoAxeViolations(page, `enterprise banner (${scheme})`);
    await screenshot(page, `enterprise-banner-${scheme}`);
  });

  it('"Stop impersonating" ends the session and returns the admin to their own account', async () => {
    await banner(page).getByRole('button', { name: 'Stop impersonating' }).click();
    await banner(page).waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('whoami').textContent()).toBe('Signed in as Olivia Owner');
  });
});

describe('consent: "Exit impersonation" (seed 003)', () => {
  let admin: Page;

  beforeAll(async () => {
    await resetDemo('consent');
    const context = await newContext(browser);
    const bob = await openDemo(context, 'u_bob', 'settings');
    await bob.getByRole('button', { name: 'Enable impersonation' }).click();
    await bob.getByText('Active', { exact: true }).first().waitFor();
    await bob.close();
    admin = await openDemo(context, 'u_owner', 'users');
    await impersonate(admin, 'Bob Viewer');
  });

  afterAll(async () => {
    await admin?.context().close();
  });

  it('the banner names Bob and offers "Exit impersonation", which ends the session', async () => {
    await expect.poll(() => banner(admin).getByText('You are impersonating Bob Viewer', { exact: true }).filter({ visible: true }).count()).toBe(1);
    expect(await banner(admin).getByRole('button', { name: 'End session' }).count()).toBe(0);
    await expectNoAxeViolations(admin, 'consent banner');
    await banner(admin).getByRole('button', { name: 'Exit impersonation' }).click();
    await banner(admin).waitFor({ state: 'detached' });
    await expect.poll(() => admin.getByTestId('whoami').textContent()).toBe('Signed in as Olivia Owner');
  });
});
