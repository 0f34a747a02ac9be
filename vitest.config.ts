import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// One Vitest run covers every package: each project resolves workspace packages to their
// source (the "@impersonate-kit/source" export condition), so tests never need a build.
// Vite applies `resolve.conditions` to browser-like environments and `ssr.resolve.conditions` to Node ones.
const SOURCE = '@impersonate-kit/source';
const source = { conditions: [SOURCE, ...defaultClientConditions] };
const ssr = { resolve: { conditions: [SOURCE, ...defaultServerConditions] } };

// A real, headless Chromium: Debian's, never one Playwright downloads. Built per project because
// two browser projects sharing one object fail ("project name … already defined").
function chromium() {
  return {
    enabled: true,
    headless: true,
    provider: playwright({
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      },
    }),
    instances: [{ browser: 'chromium' as const }],
  };
}

export default defineConfig({
  test: {
    projects: [
      {
        resolve: source,
        ssr,
        test: {
          name: 'sdk',
          root: 'packages/sdk',
          environment: 'node',
          include: ['src/**/__tests__/**/*.test.ts'],
        },
      },
      {
        resolve: source,
        ssr,
        test: {
          name: 'server',
          root: 'packages/server',
          environment: 'node',
          include: ['src/**/__tests__/**/*.test.ts'],
          exclude: ['src/__tests__/postgres/**'],
        },
      },
      {
        // The Postgres store and many server instances on one database: DATABASE_URL, or a throwaway
        // cluster the setup starts (and fails the run, saying why, when none can start).
        resolve: source,
        ssr,
        test: {
          name: 'postgres',
          environment: 'node',
          include: ['packages/server/src/__tests__/postgres/**/*.test.ts', 'packages/conformance/src/__tests__/postgres/**/*.test.ts'],
          globalSetup: ['packages/server/src/__tests__/postgres/globalSetup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: source,
        ssr,
        test: {
          name: 'mock-api',
          root: 'packages/mock-api',
          environment: 'node',
          include: ['src/**/__tests__/**/*.test.ts'],
        },
      },
      {
        resolve: source,
        ssr,
        test: {
          name: 'demo',
          root: 'apps/demo',
          environment: 'node',
          include: ['server/__tests__/**/*.test.ts'],
        },
      },
      {
        resolve: source,
        ssr,
        test: {
          name: 'conformance',
          root: 'packages/conformance',
          environment: 'node',
          include: ['src/**/__tests__/**/*.test.ts'],
          // The Postgres driver's run needs a database: the `postgres` project runs it.
          exclude: ['src/__tests__/postgres/**'],
          // The whole suite runs in one test: dozens of cases, each on a fresh backend.
          testTimeout: 120_000,
        },
      },
      {
        resolve: source,
        ssr,
        test: {
          name: 'integration',
          root: 'test/integration',
          // Node by default; a .test.tsx file that renders the React kit opts into jsdom with a `@vitest-environment jsdom` comment.
          environment: 'node',
          include: ['**/*.test.ts', '**/*.test.tsx'],
        },
      },
      {
        test: {
          name: 'e2e',
          root: 'test/e2e',
          environment: 'node',
          include: ['**/*.test.ts'],
          globalSetup: ['./globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Every file drives its own Chromium against ONE demo server whose world each file resets:
          // run them one at a time, after the other projects.
          maxWorkers: 1,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // examples/nextjs built from the packed packages and served by `next start` (cached between
        // runs under node_modules/.cache/ik-nextjs), driven in Chromium: last, and alone.
        test: {
          name: 'nextjs',
          root: 'test/nextjs',
          environment: 'node',
          include: ['**/*.test.ts'],
          globalSetup: ['./globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          maxWorkers: 1,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
      {
        resolve: source,
        ssr,
        test: {
          name: 'react',
          root: 'packages/react',
          environment: 'jsdom',
          include: ['src/**/__tests__/**/*.test.{ts,tsx}'],
          setupFiles: ['src/__tests__/setup.ts'],
        },
      },
      {
        // Every story is a test: it renders, its play function runs, and axe must find nothing.
        // Then each is photographed, light and dark, and compared with its baseline (.storybook/visual.setup.ts).
        plugins: [storybookTest({ configDir: '.storybook' })],
        test: {
          name: 'storybook',
          setupFiles: '.storybook/visual.setup.ts',
          // Two stable screenshots per story after its play function and axe.
          hookTimeout: 60_000,
          // Chromium shares two cores with everything else on a busy machine.
          testTimeout: 60_000,
          browser: {
            ...chromium(),
            expect: {
              toMatchScreenshot: {
                // Every baseline in one reviewed folder, named after its stories file and story: no platform suffix,
                // the baselines are Debian's Chromium on Linux, the only browser the tests run in.
                resolveScreenshotPath: ({ root, testFileName, arg, ext }) => `${root}/.storybook/baselines/${testFileName}/${arg}${ext}`,
                // Antialiasing noise and a masked time that re-rendered mid-shot (measured up to 0.6% of a
                // story's pixels) pass; a moved block, a new row or a restyled bar does not.
                comparatorName: 'pixelmatch',
                comparatorOptions: { threshold: 0.2, allowedMismatchedPixelRatio: 0.01 },
              },
            },
          },
        },
      },
    ],
  },
});
