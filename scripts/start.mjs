// The main job: builds the packages once (the demo imports the built stylesheet), then serves
// Storybook and the demo app together, both against the mock backend, and prints both URLs.
import { spawn, spawnSync } from 'node:child_process';

const STORYBOOK_PORT = process.env.STORYBOOK_PORT ?? '6006';
const DEMO_PORT = process.env.DEMO_PORT ?? '5173';

const build = spawnSync('pnpm', ['run', 'build:packages'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const children = [
  spawn('pnpm', ['exec', 'storybook', 'dev', '-p', STORYBOOK_PORT, '--no-open', '--ci', '--quiet'], { stdio: 'inherit' }),
  spawn('pnpm', ['--filter', '@impersonate-kit/demo', 'exec', 'vite', '--port', DEMO_PORT, '--strictPort'], { stdio: 'inherit' }),
];

console.log(`\n  Storybook:  http://localhost:${STORYBOOK_PORT}/`);
console.log(`  Demo app:   http://127.0.0.1:${DEMO_PORT}/\n`);

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
