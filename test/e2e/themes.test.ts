// Every demo page in light and dark, at desktop and at 375 px: axe finds nothing, nothing logs an error or
// answers 404, the page never scrolls sideways, and the projects page has exactly one "Projects" heading.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright';
import { expectNoAxeViolations, launchBrowser, newContext, openDemo, screenshot, resetDemo } from './browser';

const ROUTES = ['users', 'projects', 'settings', 'audit'];

let browser: Browser;

beforeAll(async () => {
  await resetDemo();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Opens `route` and collects every console error and failed (>= 400) response from the first request on. */
async function openWatched(context: BrowserContext, route: string): Promise<{ page: Page; problems: string[] }> {
  const problems: string[] = [];
  context.on('page', (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
  });
  const page = await openDemo(context, 'u_owner', route);
  await page.locator('main h1').waitFor();
  await page.waitForLoadState('networkidle');
  return { page, problems };
}

describe.each(['light', 'dark'] as const)('%s theme', (scheme) => {
  it.each(ROUTES)('the %s page has no axe violations, console errors or failed requests', async (route) => {
    const context = await newContext(browser, scheme);
    const { page, problems } = await openWatched(context, route);
    await expectNoAxeViolations(page, `${route} (${scheme})`);
    expect(problems).toEqual([]);
    await screenshot(page, `page-${route}-${scheme}`);
    await context.close();
  });
});

describe('the theme switch in the demo bar', () => {
  it('forces dark on <html data-ik-theme> over a light OS, for the app and the kit alike, and remembers it', async () => {
    const context = await newContext(browser, 'light');
    const page = await openDemo(context, 'u_owner', 'settings');
    const bodyBg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await bodyBg();
    await page.getByRole('region', { name: 'Demo controls' }).getByLabel('Theme').selectOption('dark');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.ikTheme)).toBe('dark');
    expect(await bodyBg()).not.toBe(light);
    await expectNoAxeViolations(page, 'settings (forced dark)');
    await page.reload();
    await page.getByTestId('whoami').filter({ hasNotText: 'Loading' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.ikTheme)).toBe('dark');
    await context.close();
  });
});

describe.each(['light', 'dark'] as const)('at 375 px (%s)', (scheme) => {
  it.each(ROUTES)('the %s page does not overflow sideways and has no axe violations', async (route) => {
    const context = await browser.newContext({ baseURL: inject('demoUrl'), colorScheme: scheme, viewport: { width: 375, height: 812 } });
    const { page, problems } = await openWatched(context, route);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectNoAxeViolations(page, `${route} (375 px, ${scheme})`);
    expect(problems).toEqual([]);
    await screenshot(page, `mobile-${route}-${scheme}`);
    await context.close();
  });
});

describe('at 375 px while impersonating', () => {
  it('the banner and the projects page fit the width, with no axe violations', async () => {
    const context = await browser.newContext({ baseURL: inject('demoUrl'), viewport: { width: 375, height: 812 } });
    const { page, problems } = await openWatched(context, 'users');
    await page.getByRole('button', { name: 'Actions for Alice Analyst' }).click();
    await page.getByRole('menuitem', { name: /Impersonate user/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Impersonate Alice Analyst' });
    await dialog.getByRole('textbox', { name: /Reason/ }).fill('Reproduce ticket #4521: dashboard is empty');
    await dialog.getByRole('combobox', { name: /Category/ }).selectOption('Troubleshooting');
    await dialog.getByRole('button', { name: 'Start impersonation' }).click();
    await page.getByRole('region', { name: 'Impersonation' }).waitFor();
    await page.getByRole('link', { name: 'Projects' }).click();
    await expect.poll(() => page.getByTestId('whoami').textContent()).toContain('Acting as Alice Analyst');
    await page.getByRole('list', { name: 'Projects' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectNoAxeViolations(page, 'projects while impersonating (375 px)');
    expect(problems).toEqual([]);
    await screenshot(page, 'mobile-projects-impersonating');
    await page.getByRole('region', { name: 'Impersonation' }).getByRole('button', { name: 'End session' }).click();
    await context.close();
  });
});

describe('the projects page', () => {
  it('has exactly one heading "Projects"', async () => {
    const context = await newContext(browser);
    const page = await openDemo(context, 'u_owner', 'projects');
    await page.getByRole('list', { name: 'Projects' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Projects', exact: true }).count()).toBe(1);
    await context.close();
  });
});
