// The runner: what it selects, what it skips and why, and that a backend breaking a rule fails
// the case with what it saw against what it expected.
import { afterAll, describe, expect, it } from 'vitest';
import { createMockDriver } from '../../drivers/mock';
import { formatCase, formatSummary } from '../report';
import { listCases, runConformance } from '../runConformance';
import type { CaseResult, ConformanceDriver } from '../types';

const mock = createMockDriver();
afterAll(() => mock.close());

/** The mock driver as a plain object, with parts replaced or removed. */
function driver(overrides: Partial<ConformanceDriver> = {}, without: (keyof ConformanceDriver)[] = []): ConformanceDriver {
  const d: ConformanceDriver = {
    baseUrl: mock.baseUrl,
    appUrl: mock.appUrl,
    headersFor: mock.headersFor,
    impersonatedHeadersFor: mock.impersonatedHeadersFor,
    reset: mock.reset,
    advance: mock.advance,
    ...overrides,
  };
  for (const key of without) delete d[key];
  return d;
}

/** A fetch that lets `rewrite` change the backend's JSON answers. */
function rewriting(rewrite: (url: string, init: RequestInit | undefined, status: number, body: unknown) => { status: number; body: unknown } | null): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const text = await response.text();
    const changed = rewrite(String(input), init, response.status, text ? (JSON.parse(text) as unknown) : undefined);
    if (!changed) return new Response(text, { status: response.status, headers: response.headers });
    return new Response(JSON.stringify(changed.body), { status: changed.status, headers: { 'content-type': 'application/json' } });
  };
}

describe('runConformance', () => {
  describe('given a driver without advance', () => {
    it('skips every time case and passes none of them', async () => {
      const result = await runConformance(driver({}, ['advance']), { only: 'time' });

      expect(result.cases.length).toBeGreaterThan(5);
      expect(result).toMatchObject({ passed: 0, failed: 0, skipped: result.cases.length });
      for (const c of result.cases) expect(c).toMatchObject({ status: 'skipped', message: expect.stringContaining('needs driver.advance') });
    });
  });

  describe('given a driver without appUrl or the impersonated credential', () => {
    it('skips the as-target, audit-action and impersonated-credential cases with why', async () => {
      const result = await runConformance(driver({}, ['appUrl', 'impersonatedHeadersFor']), { only: ['as_target', 'audit/redaction', 'conventions/impersonated_credential'] });

      expect(result.skipped).toBe(result.cases.length);
      expect(result.cases.map(formatCase)).toContain('SKIP as_target/host_calls_act_as_target — needs driver.appUrl (the reference host routes)');
      expect(result.cases.map(formatCase)).toContain('SKIP conventions/impersonated_credential — needs driver.impersonatedHeadersFor (an impersonated credential)');
    });
  });

  describe('selection', () => {
    it('takes a group, a sub-group or one case by name prefix, and never a sibling that merely shares letters', () => {
      const names = (only: string | string[]) => listCases({ only }).map((c) => c.name);

      expect(names('rules').every((n) => n.startsWith('rules/'))).toBe(true);
      expect(names('rules/step_up_required')).toEqual(['rules/step_up_required', 'rules/step_up_required/restart']);
      expect(names('rules/step_up')).toEqual([]);
      expect(names(['audit/redaction/query', 'time/idle_timeout'])).toEqual(['audit/redaction/query', 'time/idle_timeout']);
      expect(names('audit/redaction,rules/forbidden')).toContain('rules/forbidden');
    });

    it('takes only the cases of one preset', async () => {
      const result = await runConformance(driver(), { preset: 'enterprise', only: 'rules' });

      expect(result.cases.length).toBeGreaterThan(3);
      expect(result.cases.every((c) => c.preset === 'enterprise')).toBe(true);
    });

    it('names every case after its group, uniquely', () => {
      const all = listCases().map((c) => c.name);

      expect(new Set(all).size).toBe(all.length);
      for (const name of all) expect(name).toMatch(/^(rules|conventions|endpoints|presets|restart|as_target|audit|time)\/[a-z0-9_\-/]+$/);
    });
  });

  describe('given a backend that breaks a rule', () => {
    it('fails the case with what it saw against what it expected', async () => {
      // Answers self-impersonation with a generic 403.
      const fetch = rewriting((url, init, status) => {
        const sent = typeof init?.body === 'string' ? init.body : '';
        return url.endsWith('/sessions') && sent.includes('"targetUserId":"u_owner"') && status === 403 ? { status: 403, body: { error: { code: 'forbidden', message: 'No.' } } } : null;
      });

      const result = await runConformance(driver({ fetch }), { only: 'rules/self_impersonation' });

      expect(result).toMatchObject({ passed: 0, failed: 1, skipped: 0 });
      expect(formatCase(result.cases[0] as CaseResult)).toBe('FAIL rules/self_impersonation — POST /sessions as u_owner: saw 403 forbidden ("No.") vs expected 403 self_impersonation');
    });

    it('fails a session answer without serverTime', async () => {
      const fetch = rewriting((url, _init, status, body) => {
        if (!url.includes('/sessions/current') || status !== 200) return null;
        const { serverTime: _dropped, ...rest } = body as Record<string, unknown>;
        return { status, body: rest };
      });

      const result = await runConformance(driver({ fetch }), { only: 'conventions/server_time' });

      expect(result.failed).toBe(1);
      expect(result.cases[0]?.message).toContain('GET /sessions/current as u_owner: serverTime is not an ISO-8601 UTC time');
    });

    it('fails an error body that carries a stack trace', async () => {
      const fetch = rewriting((_url, _init, status) =>
        status === 401 ? { status, body: { error: { code: 'unauthenticated', message: 'Error: no user\n    at authenticate (/srv/app/auth.js:12:7)' } } } : null,
      );

      const result = await runConformance(driver({ fetch }), { only: 'conventions/error_body' });

      expect(result.failed).toBe(1);
      expect(result.cases[0]?.message).toContain('carries a stack trace');
    });

    it('fails a case whose request never answers, after the request time-out', async () => {
      const hanging: typeof fetch = (_input, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));

      const result = await runConformance(driver({ fetch: hanging }), { only: 'rules/forbidden', requestTimeoutMs: 50 });

      expect(result.cases[0]).toMatchObject({ status: 'failed', message: 'POST /sessions as u_alice: no answer within 50 ms' });
    });
  });

  describe('given a broken driver', () => {
    it('fails the case when reset throws, and when headersFor throws for a user of the cast', async () => {
      const resetFails = await runConformance(driver({ reset: () => Promise.reject(new Error('database is down')) }), { only: 'rules/forbidden' });
      const headersFail = await runConformance(driver({ headersFor: () => { throw new Error('no such user'); } }), { only: 'rules/forbidden' });

      expect(resetFails.cases[0]).toMatchObject({ status: 'failed', message: 'driver.reset("account-admin") threw: Error: database is down' });
      expect(headersFail.cases[0]).toMatchObject({ status: 'failed', message: expect.stringContaining('driver.headersFor("u_alice") threw') });
    });

    it('refuses a driver without baseUrl, headersFor or reset before running anything', async () => {
      await expect(runConformance({ ...driver(), baseUrl: '/api/impersonation' })).rejects.toThrow('driver.baseUrl must be an absolute http(s) URL.');
      await expect(runConformance({ ...driver(), reset: undefined } as unknown as ConformanceDriver)).rejects.toThrow('driver.reset(preset) is required.');
    });
  });

  describe('given several instances of one backend', () => {
    it('sends the requests of a case to each instance in turn', async () => {
      const origins: string[] = [];
      const spy: typeof fetch = (input, init) => {
        origins.push(new URL(String(input)).origin);
        return fetch(input, init);
      };
      // The mock's handlers answer on any origin, so a second origin stands for a second instance.
      const result = await runConformance(driver({ fetch: spy, instances: [{ baseUrl: 'http://127.0.0.2/api/impersonation', appUrl: 'http://127.0.0.2/api/app' }] }), { only: ['rules/already_impersonating', 'as_target'] });

      expect(result).toMatchObject({ passed: 3, failed: 0 });
      expect(origins.slice(0, 4)).toEqual(['http://localhost', 'http://127.0.0.2', 'http://localhost', 'http://127.0.0.2']);
      expect(formatCase(result.cases[0] as CaseResult)).toBe('PASS rules/already_impersonating');
    });
  });

  it('reports each case to onCase as it ends, and counts add up', async () => {
    const heard: string[] = [];

    const result = await runConformance(driver(), { only: ['rules/forbidden', 'rules/target_not_found', 'time/max_duration'], onCase: (c) => heard.push(formatCase(c)) });

    expect(heard).toEqual(['PASS rules/forbidden', 'PASS rules/target_not_found', 'PASS time/max_duration']);
    expect(formatSummary(result)).toBe('3 passed, 0 failed, 0 skipped');
    expect(result.cases.every((c) => c.durationMs >= 0)).toBe(true);
  });
});
