// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/storybook-static/**',
      '**/.turbo/**',
      '**/coverage/**',
      '**/.next/**',
      '**/next-env.d.ts',
      '.storybook/public/mockServiceWorker.js',
      'test/e2e/artifacts/**',
      'examples/nextjs/packs/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['packages/react/**/*.{ts,tsx}', 'apps/demo/**/*.{ts,tsx}', '.storybook/**/*.{ts,tsx}', 'examples/nextjs/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // One-way imports: the sdk imports nothing of ours; mock-api and react only the sdk.
    files: ['packages/sdk/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@impersonate-kit/*', '../../*'] }],
    },
  },
  {
    // The server imports only the sdk, and no node: module (it also runs in the browser, inside MSW);
    // its core imports no database driver: only the ./postgres entry loads kysely and pg.
    files: ['packages/server/src/**/*.ts'],
    ignores: ['packages/server/src/__tests__/**', 'packages/server/src/postgres/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@impersonate-kit/react', '@impersonate-kit/mock-api', '@impersonate-kit/demo', '../../*', 'node:*', 'kysely', 'pg', './postgres', './postgres/*'] },
      ],
    },
  },
  {
    files: ['packages/server/src/postgres/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@impersonate-kit/react', '@impersonate-kit/mock-api', '@impersonate-kit/demo', '../../*', 'node:*'] }],
    },
  },
  {
    files: ['packages/mock-api/src/**/*.ts', 'packages/react/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@impersonate-kit/react', '@impersonate-kit/mock-api', '@impersonate-kit/demo', '../../*'] },
      ],
    },
  },
  {
    // The suite speaks HTTP: it takes only types from the sdk and reaches a backend only through its driver.
    files: ['packages/conformance/src/**/*.ts'],
    ignores: ['packages/conformance/src/**/__tests__/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@impersonate-kit/sdk'], allowTypeImports: true, message: 'Only types from the sdk: the suite runs on plain fetch.' },
            { group: ['@impersonate-kit/react', '@impersonate-kit/mock-api', '@impersonate-kit/server', '@impersonate-kit/server/*', '@impersonate-kit/demo', '../../*'], message: 'The suite reaches a backend only through its driver.' },
          ],
        },
      ],
    },
  },
  {
    // Stories and tests are not shipped: they may use the mock backend and the story helpers in .storybook/.
    files: ['packages/react/src/**/*.stories.tsx', 'packages/react/src/__tests__/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', 'test/**/*.{ts,mjs}', 'examples/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
