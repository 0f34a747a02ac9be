// Runs the suite against a driver: each case on a freshly reset backend, one after another.
import { ALL_CASES } from './cases';
import { createContext } from './context';
import { CaseFailure, CaseSkip } from './outcome';
import { selectCases } from './select';
import type { ConformanceCase } from './suite';
import type { CaseNeed, CaseResult, ConformanceDriver, RunOptions, RunResult } from './types';
import { PRESET_NAMES } from './types';

/** How long one request may take by default. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

const NEED_MESSAGES: Record<CaseNeed, string> = {
  advance: 'needs driver.advance (a time case: skipped, never passed)',
  appUrl: 'needs driver.appUrl (the reference host routes)',
  impersonatedHeadersFor: 'needs driver.impersonatedHeadersFor (an impersonated credential)',
  apiTokenHeadersFor: 'needs driver.apiTokenHeadersFor (an API token credential)',
  setUserStatus: 'needs driver.setUserStatus (suspending a user)',
};

/** Throws a TypeError naming what is wrong with a driver, before any case runs. */
export function assertDriver(driver: unknown): asserts driver is ConformanceDriver {
  const d = driver as Partial<ConformanceDriver> | null;
  if (!d || typeof d !== 'object') throw new TypeError('The driver must be an object.');
  if (typeof d.baseUrl !== 'string' || !/^https?:\/\//.test(d.baseUrl)) throw new TypeError('driver.baseUrl must be an absolute http(s) URL.');
  if (d.appUrl !== undefined && (typeof d.appUrl !== 'string' || !/^https?:\/\//.test(d.appUrl))) throw new TypeError('driver.appUrl must be an absolute http(s) URL when given.');
  if (d.instances !== undefined && (!Array.isArray(d.instances) || d.instances.some((i) => typeof i?.baseUrl !== 'string' || !/^https?:\/\//.test(i.baseUrl)))) {
    throw new TypeError('driver.instances must be a list of { baseUrl, appUrl? } with absolute http(s) URLs.');
  }
  if (typeof d.headersFor !== 'function') throw new TypeError('driver.headersFor(userId) is required.');
  if (typeof d.reset !== 'function') throw new TypeError('driver.reset(preset) is required.');
  for (const hook of ['advance', 'impersonatedHeadersFor', 'apiTokenHeadersFor', 'setUserStatus', 'close', 'fetch'] as const) {
    if (d[hook] !== undefined && typeof d[hook] !== 'function') throw new TypeError(`driver.${hook} must be a function when given.`);
  }
}

function missingNeed(driver: ConformanceDriver, c: ConformanceCase): CaseNeed | undefined {
  return c.needs?.find((need) => driver[need] === undefined);
}

async function runOne(driver: ConformanceDriver, c: ConformanceCase, timeoutMs: number): Promise<Omit<CaseResult, 'durationMs'>> {
  const base = { name: c.name, preset: c.preset };
  const need = missingNeed(driver, c);
  if (need) return { ...base, status: 'skipped', message: NEED_MESSAGES[need] };
  try {
    await driver.reset(c.preset);
  } catch (error) {
    return { ...base, status: 'failed', message: `driver.reset("${c.preset}") threw: ${String(error)}` };
  }
  try {
    await c.run(createContext(driver, c.preset, timeoutMs));
    return { ...base, status: 'passed' };
  } catch (error) {
    if (error instanceof CaseSkip) return { ...base, status: 'skipped', message: error.message };
    if (error instanceof CaseFailure) return { ...base, status: 'failed', message: error.message };
    return { ...base, status: 'failed', message: `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` };
  }
}

/**
 * Runs the conformance suite against the backend `driver` reaches: every case (or those `options`
 * select) on a fresh backend, in order. Cases that need a driver part it lacks are skipped, never passed.
 */
export async function runConformance(driver: ConformanceDriver, options: RunOptions = {}): Promise<RunResult> {
  assertDriver(driver);
  if (options.preset !== undefined && !PRESET_NAMES.includes(options.preset)) throw new TypeError(`Unknown preset "${String(options.preset)}"; one of ${PRESET_NAMES.join(', ')}.`);
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const result: RunResult = { passed: 0, failed: 0, skipped: 0, cases: [] };
  for (const c of selectCases(ALL_CASES, options)) {
    const startedAt = performance.now();
    const outcome = await runOne(driver, c, timeoutMs);
    const caseResult: CaseResult = { ...outcome, durationMs: Math.round(performance.now() - startedAt) };
    result[caseResult.status] += 1;
    result.cases.push(caseResult);
    options.onCase?.(caseResult);
  }
  return result;
}

/** The names of every case, with its preset and needs, in suite order (for `--list` and docs). */
export function listCases(options: Pick<RunOptions, 'preset' | 'only'> = {}): { name: string; preset: string; needs: readonly CaseNeed[] }[] {
  return selectCases(ALL_CASES, options).map((c) => ({ name: c.name, preset: c.preset, needs: c.needs ?? [] }));
}
