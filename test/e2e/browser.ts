// Debian's Chromium driven by Playwright; Playwright never downloads a browser of its own here.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright';
import type { Browser, BrowserContext, Page } from 'playwright';
import axe from 'axe-core';
import { expect, inject } from 'vitest';

/** Where screenshots go: kept as test artifacts, never committed. */
export const ARTIFACTS_DIR = new URL('./artifacts/', import.meta.url);

/** Launches headless Chromium from CHROMIUM_PATH or /usr/bin/chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
}

/** A fresh context (its own localStorage, so its own mock backend) in a light or dark scheme. */
export async function newContext(browser: Browser, colorScheme: 'light' | 'dark' = 'light'): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: inject('demoUrl'), colorScheme, viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(10_000);
  return context;
}

/** Opens the demo in a new tab, signed in as `userId`, on `route`, and waits until the app is ready. */
export async function openDemo(context: BrowserContext, userId: string, route = 'users'): Promise<Page> {
  const page = await context.newPage();
  // Who a tab is signed in as lives in sessionStorage, per tab, as the demo bar sets it.
  await page.addInitScript((id) => {
    if (!sessionStorage.getItem('acme-demo:viewer')) sessionStorage.setItem('acme-demo:viewer', id);
  }, userId);
  await page.goto(`/#/${route}`);
  await page.getByTestId('whoami').filter({ hasNotText: 'Loading' }).waitFor();
  return page;
}

/** Runs axe-core in the page and fails with the violations listed. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  expect(violations, `axe violations on ${label}`).toEqual([]);
}

/** Saves a full-page screenshot as a test artifact. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, ARTIFACTS_DIR).pathname, fullPage: true });
}
