// Starts the real demo server (what `pnpm demo` serves) once for every end-to-end test file, on a
// free port, and stops it afterwards. The packages and the SPA must be built (the test command does).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    demoUrl: string;
  }
}

const demoDir = fileURLToPath(new URL('../../apps/demo/', import.meta.url));

/** Resolves with the URL the demo server prints once it answers. */
function urlOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`The demo server did not answer within 60 s:\n${out}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /(http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The demo server exited (${code}) before answering:\n${out}`));
    });
  });
}

/** Starts `apps/demo/server/main.ts` on a free port and hands its URL to the tests. */
export default async function setup(project: TestProject) {
  if (!existsSync(`${demoDir}dist/index.html`)) throw new Error('The demo is not built: run `pnpm --filter @impersonate-kit/demo build` (pnpm test does).');
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: demoDir,
    env: { ...process.env, DEMO_PORT: process.env.E2E_PORT ?? '0', DEMO_HOST: '127.0.0.1', DATABASE_URL: process.env.E2E_DATABASE_URL ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    project.provide('demoUrl', await urlOf(child));
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
}
