import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';
import { mergeConfig } from 'vite';
import { DOCGEN_OPTIONS } from './docgen.ts';

const reactPackage = join(dirname(fileURLToPath(import.meta.url)), '../packages/react');

// The kit's runtime dependencies live in packages/react/node_modules, out of reach of the
// workspace root that Vite resolves `optimizeDeps.include` from: alias each name to its real
// directory, so they can be pre-bundled up front with everything else.
const kitDependencies = ['@tanstack/react-query', '@radix-ui/react-dialog', '@tanstack/react-virtual', 'clsx'];
const kitAliases = kitDependencies.map((name) => ({
  find: new RegExp(`^${name.replace('/', '\\/')}$`),
  replacement: realpathSync(join(reactPackage, 'node_modules', name)),
}));

/** Storybook for @impersonate-kit/react: stories beside their components, flows and examples under .storybook. */
const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['./docs/**/*.mdx', '../packages/react/src/**/*.stories.@(ts|tsx)', './**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  // Serves MSW's mockServiceWorker.js (generated here by `msw init`; the demo app runs on a real server).
  staticDirs: ['./public'],
  core: { disableTelemetry: true },
  // Storybook 10's "Get started" checklist: the sidebar widget and the menu's entry.
  features: { sidebarOnboardingChecklist: false, menuOnboardingChecklist: false },
  // Props tables and controls from the components' TypeScript types and JSDoc (DOCGEN_OPTIONS).
  typescript: { reactDocgen: 'react-docgen-typescript', reactDocgenTypescriptOptions: DOCGEN_OPTIONS },
  viteFinal: (viteConfig) =>
    mergeConfig(viteConfig, {
      // Workspace packages load from their source, as in the tests and the demo.
      resolve: { conditions: ['@impersonate-kit/source'], alias: kitAliases },
      build: {
        // Storybook's manager and axe are large by nature.
        chunkSizeWarningLimit: 2000,
        // Dependencies' "use client" directives mean nothing in a Storybook bundle.
        rolldownOptions: {
          onwarn(warning: { code?: string }, warn: (warning: { code?: string }) => void) {
            if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
          },
        },
      },
      // Found mid-run otherwise, which makes Vite reload the page during a story test.
      optimizeDeps: {
        include: [
          'msw-storybook-addon/csf3',
          'msw',
          'msw/browser',
          'react',
          'react/jsx-runtime',
          'react/jsx-dev-runtime',
          'react-dom',
          'react-dom/client',
          ...kitDependencies,
        ],
      },
    }),
};

export default config;
