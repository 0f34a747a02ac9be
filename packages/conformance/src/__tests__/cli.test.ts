// The command line: one line per case, the closing count, the JSON report, and the exit code.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockDriver } from '../../drivers/mock';
import type { CliIo } from '../cliMain';
import { main } from '../cliMain';
import type { ConformanceDriver } from '../types';

const mock = createMockDriver();
afterAll(() => mock.close());

/** An in-memory IO whose driver module is `driver` (a fresh object per import, as a module would give). */
function io(driver: () => ConformanceDriver | Promise<ConformanceDriver> = () => ({ ...plain() })) {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>();
  const imported: string[] = [];
  const value: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    cwd: '/work/project',
    writeFile: async (path, text) => void files.set(path, text),
    importModule: async (url) => {
      imported.push(url);
      return { default: driver };
    },
  };
  return { io: value, out, err, files, imported };
}

function plain(): ConformanceDriver {
  return { baseUrl: mock.baseUrl, appUrl: mock.appUrl, headersFor: mock.headersFor, reset: mock.reset, advance: mock.advance };
}

describe('impersonate-kit-conformance', () => {
  it('prints one line per case and the closing count, writes --json, and exits 0 when nothing failed', async () => {
    const run = io();

    const code = await main(['--driver', './driver.mjs', '--only', 'rules/forbidden,rules/self_impersonation', '--only=time/max_duration', '--json', 'report.json'], run.io);

    expect(code).toBe(0);
    expect(run.imported).toEqual(['file:///work/project/driver.mjs']);
    expect(run.out).toEqual(['PASS rules/forbidden', 'PASS rules/self_impersonation', 'PASS time/max_duration', '3 passed, 0 failed, 0 skipped']);
    const report = JSON.parse(run.files.get('/work/project/report.json') ?? 'null') as Record<string, unknown>;
    expect(report).toMatchObject({ baseUrl: mock.baseUrl, passed: 3, failed: 0, skipped: 0, only: ['rules/forbidden', 'rules/self_impersonation', 'time/max_duration'] });
    expect(report.cases).toHaveLength(3);
  });

  it('exits 1 when a case fails, naming what it saw, and closes the driver', async () => {
    let closed = 0;
    // A backend whose viewer answer lacks serverTime.
    const broken = (): ConformanceDriver => ({
      ...plain(),
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).endsWith('/viewer')) return response;
        const { serverTime: _gone, ...body } = (await response.json()) as Record<string, unknown>;
        return Response.json(body, { status: response.status });
      },
      close: () => void (closed += 1),
    });
    const run = io(broken);

    const code = await main(['--driver', 'driver.mjs', '--only', 'conventions/server_time', '--preset', 'account-admin'], run.io);

    expect(code).toBe(1);
    expect(run.out[0]).toBe('FAIL conventions/server_time — GET /viewer as u_owner: serverTime is not an ISO-8601 UTC time (saw undefined) (every answer with a session or consent carries serverTime)');
    expect(run.out.at(-1)).toBe('0 passed, 1 failed, 0 skipped');
    expect(closed).toBe(1);
  });

  it('prints SKIP with why for what the driver cannot do', async () => {
    const run = io(() => ({ ...plain(), advance: undefined }));

    const code = await main(['--driver', 'd.mjs', '--only', 'time/idle_timeout'], run.io);

    expect(code).toBe(0);
    expect(run.out).toEqual(['SKIP time/idle_timeout — needs driver.advance (a time case: skipped, never passed)', '0 passed, 0 failed, 1 skipped']);
  });

  it('exits 2 on a usage error, an unknown preset, a selection that matches nothing, or a driver that is not one', async () => {
    for (const argv of [['--only', 'rules'], ['--driver', 'd.mjs', '--preset', 'everything'], ['--driver', 'd.mjs', '--only', 'nothing/here'], ['--driver', 'd.mjs', '--bogus']]) {
      const run = io();
      expect(await main(argv, run.io)).toBe(2);
      expect(run.err.join('\n')).not.toBe('');
      expect(run.out).toEqual([]);
    }
    const notADriver = io(() => ({ baseUrl: 'http://localhost/api/impersonation' }) as unknown as ConformanceDriver);
    expect(await main(['--driver', 'd.mjs', '--only', 'rules/forbidden'], notADriver.io)).toBe(2);
    expect(notADriver.err[0]).toBe('Cannot load the driver d.mjs: driver.headersFor(userId) is required.');
  });

  it('lists the cases with their preset and needs without a driver', async () => {
    const run = io();

    expect(await main(['--list', '--only', 'time/idle_timeout,rules/forbidden'], run.io)).toBe(0);
    expect(run.out).toEqual(['rules/forbidden  [account-admin]', 'time/idle_timeout  [enterprise]  needs advance']);
  });

  it('runs as a bin: the shebang entry prints the usage and exits 0', () => {
    const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));

    const result = spawnSync(tsx, [cli, '--help'], { encoding: 'utf8' });

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: impersonate-kit-conformance --driver <file> [options]');
  });
});
