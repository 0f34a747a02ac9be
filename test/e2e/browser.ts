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

/** A fresh context (its own tabs and sessionStorage; the demo server is shared) in a light or dark scheme. */
export async function newContext(browser: Browser, colorScheme: 'light' | 'dark' = 'light'): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: inject('demoUrl'), colorScheme, viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(10_000);
  return context;
}

/** The demo-only API, called as `userId` (the demo server signs anyone in). */
export async function demoApi(path: string, init: { method: string; body?: unknown; userId?: string }): Promise<unknown> {
  const base = inject('demoUrl');
  const signIn = await fetch(new URL('/demo-api/sign-in', base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId: init.userId ?? 'u_owner' }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const response = await fetch(new URL(`/demo-api${path}`, base), {
    method: init.method,
    headers: { Authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`demo API ${init.method} ${path} answered ${response.status}`);
  return response.json();
}

/** Starts the shared demo server over (users, data, real time, empty audit) in `preset`: each file begins from the same world. */
export async function resetDemo(preset: 'account-admin' | 'enterprise' | 'consent' = 'account-admin'): Promise<void> {
  await demoApi('/reset', { method: 'POST', body: { preset } });
}

/** Opens the demo in a new tab, signed in as `userId`, on `route`, and waits until the app is ready. */
export async function openDemo(context: BrowserContext, userId: string, route = 'users'): Promise<Page> {
  const page = await context.newPage();
  // Who a tab means to be lives in sessionStorage, per tab, as the demo bar sets it; the app signs in as them.
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
