// The one test command: lint, types, package builds and their checks, size budgets, every test project.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const REPORT = 'test-results/vitest.json';

const steps = [
  ['lint', 'pnpm', ['run', 'lint']],
  ['typecheck', 'pnpm', ['run', 'typecheck']],
  ['build packages', 'pnpm', ['run', 'build:packages']],
  ['package checks (publint, attw)', 'pnpm', ['run', 'check:packages']],
  ['size budgets', 'pnpm', ['run', 'size']],
  ['build the demo SPA (served by the demo server the end-to-end tests start)', 'pnpm', ['--filter', '@impersonate-kit/demo', 'run', 'build']],
  ['tests', 'pnpm', ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORT}`]],
];

rmSync(REPORT, { force: true });
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error(`\n${name} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}
// One plain closing line with the counts, for CI to read.
const report = existsSync(REPORT) ? JSON.parse(readFileSync(REPORT, 'utf8')) : null;
if (!report || report.numTotalTests === 0) {
  console.error('The test run reported no tests.');
  process.exit(1);
}
console.log('\nAll checks passed.');
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`);
