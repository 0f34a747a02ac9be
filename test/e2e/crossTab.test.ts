// Two tabs of one admin share one session: ending it in one removes the banner in the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { launchBrowser, newContext, openDemo, resetDemo } from './browser';

let browser: Browser;
let first: Page;
let second: Page;

beforeAll(async () => {
  await resetDemo();
  browser = await launchBrowser();
  const context = await newContext(browser);
  first = await openDemo(context, 'u_owner', 'users');
  second = await openDemo(context, 'u_owner', 'projects');
});

afterAll(async () => {
  await browser?.close();
});

describe('cross-tab', () => {
  it('a session started in one tab shows its banner in the other', async () => {
    await first.getByRole('button', { name: 'Actions for Bob Viewer' }).click();
    await first.getByRole('menuitem', { name: /Impersonate user/ }).click();
    const dialog = first.getByRole('dialog', { name: 'Impersonate Bob Viewer' });
    await dialog.getByRole('textbox', { name: /Reason/ }).fill('Check the viewer role can see projects');
    await dialog.getByRole('combobox', { name: /Category/ }).selectOption('Troubleshooting');
    await dialog.getByRole('button', { name: 'Start impersonation' }).click();
    await second.getByRole('region', { name: 'Impersonation' }).waitFor({ timeout: 2_000 });
    // The other tab now shows Bob's view: his projects, and a viewer cannot create one.
    await expect.poll(() => second.getByRole('list', { name: 'Projects' }).textContent()).toContain('Read-only Reports');
    await expect.poll(() => second.getByRole('button', { name: 'Create project' }).isDisabled()).toBe(true);
    expect(await second.getByText("viewers can't create projects").count()).toBe(1);
  });

  it('End session in one tab removes the banner in the other within a second', async () => {
    await second.getByRole('region', { name: 'Impersonation' }).getByRole('button', { name: 'End session' }).click();
    const started = Date.now();
    await first.getByRole('region', { name: 'Impersonation' }).waitFor({ state: 'detached', timeout: 1_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
