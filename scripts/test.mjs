// The one test command: lint, types, package builds and their checks, size budgets, every test project.
import { spawnSync } from 'node:child_process';

const steps = [
  ['lint', 'pnpm', ['run', 'lint']],
  ['typecheck', 'pnpm', ['run', 'typecheck']],
  ['build packages', 'pnpm', ['run', 'build:packages']],
  ['package checks (publint, attw)', 'pnpm', ['run', 'check:packages']],
  ['size budgets', 'pnpm', ['run', 'size']],
  ['build the demo (served to the end-to-end tests)', 'pnpm', ['--filter', '@impersonate-kit/demo', 'run', 'build']],
  ['tests', 'pnpm', ['exec', 'vitest', 'run']],
];

for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error(`\n${name} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}
console.log('\nAll checks passed.');
