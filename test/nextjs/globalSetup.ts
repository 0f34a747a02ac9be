// Packs the kit, installs and builds examples/nextjs from the tarballs (cached between runs), and
// serves it with `next start` for the test file; stops it afterwards.
import type { TestProject } from 'vitest/node';
import { prepareExample, startExample } from './exampleApp';

declare module 'vitest' {
  export interface ProvidedContext {
    nextUrl: string;
  }
}

/** Prepares and starts the example, and says what each step cost (0 s: cached). */
export default async function setup(project: TestProject) {
  const started = Date.now();
  const { pack, install, build } = prepareExample();
  const server = await startExample();
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.warn(`[nextjs] pack ${seconds(pack)}, install ${seconds(install)}, build ${seconds(build)}, ready in ${seconds(Date.now() - started)}`);
  project.provide('nextUrl', server.origin);
  return server.stop;
}
