// How a run reads: one line per case, a closing count line, and a JSON report.
import type { CaseResult, RunResult } from './types';

const LABEL = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP' } as const;

/** `PASS name`, `FAIL name — what it saw vs expected`, `SKIP name — why`. */
export function formatCase(result: CaseResult): string {
  const line = `${LABEL[result.status]} ${result.name}`;
  return result.message && result.status !== 'passed' ? `${line} — ${result.message.replace(/\s*\n\s*/g, ' ')}` : line;
}

/** `N passed, M failed, K skipped`. */
export function formatSummary(result: Pick<RunResult, 'passed' | 'failed' | 'skipped'>): string {
  return `${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`;
}

/** The JSON report `--json` writes: the counts, then every case. */
export function toJsonReport(result: RunResult, meta: { baseUrl: string; preset?: string; only?: readonly string[] }): string {
  return `${JSON.stringify({ ...meta, passed: result.passed, failed: result.failed, skipped: result.skipped, cases: result.cases }, null, 2)}\n`;
}
