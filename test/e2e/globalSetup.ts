// Serves the built demo app once for every end-to-end test file.
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    demoUrl: string;
  }
}

/** Starts `vite preview` on the built demo and hands its URL to the tests. */
export default async function setup(project: TestProject) {
  const root = fileURLToPath(new URL('../../apps/demo', import.meta.url));
  const server = await preview({
    root,
    configFile: `${root}/vite.config.ts`,
    preview: { port: Number(process.env.E2E_PORT ?? 4173), strictPort: true, host: '127.0.0.1' },
    logLevel: 'warn',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL (was the demo built? run `pnpm --filter @impersonate-kit/demo build`).');
  project.provide('demoUrl', url);
  return async () => {
    await server.close();
  };
}
