// Every demo page in light and dark: screenshots kept as artifacts, and axe finds nothing.
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser } from 'playwright';
import { expectNoAxeViolations, launchBrowser, newContext, openDemo, screenshot, resetDemo } from './browser';

let browser: Browser;

beforeAll(async () => {
  await resetDemo();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe.each(['light', 'dark'] as const)('%s theme', (scheme) => {
  it.each(['users', 'projects', 'settings', 'audit'])('the %s page has no axe violations', async (route) => {
    const context = await newContext(browser, scheme);
    const page = await openDemo(context, 'u_owner', route);
    await page.locator('main h1').waitFor();
    await page.waitForLoadState('networkidle');
    await expectNoAxeViolations(page, `${route} (${scheme})`);
    await screenshot(page, `page-${route}-${scheme}`);
    await context.close();
  });
});
