// The main job: builds the packages once (the demo imports the built stylesheet) and the demo SPA,
// then serves Storybook (on the MSW mock backend) and the demo (on its real Node server, as
// `pnpm demo` does), printing each URL once it answers. STORYBOOK_PORT and DEMO_PORT move them.
import { spawn, spawnSync } from 'node:child_process';

const STORYBOOK_PORT = process.env.STORYBOOK_PORT ?? '6006';
const DEMO_PORT = process.env.DEMO_PORT ?? '5173';

for (const args of [['run', 'build:packages'], ['--filter', '@impersonate-kit/demo', 'run', 'build']]) {
  const build = spawnSync('pnpm', args, { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const children = [
  spawn('pnpm', ['exec', 'storybook', 'dev', '-p', STORYBOOK_PORT, '--no-open', '--ci', '--quiet'], { stdio: 'inherit' }),
  // The demo server prints its own URL once it answers.
  spawn('pnpm', ['--filter', '@impersonate-kit/demo', 'run', 'serve'], { stdio: 'inherit', env: { ...process.env, DEMO_PORT } }),
];

/** Polls `url` until it answers 2xx, then prints it. */
async function announce(name, url) {
  for (;;) {
    if (stopping) return;
    const answer = await fetch(url).catch(() => null);
    if (answer?.ok) {
      console.log(`\n  ${name}: ${url}\n`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

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

void announce('Storybook', `http://localhost:${STORYBOOK_PORT}/`);
