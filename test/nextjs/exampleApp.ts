// Builds examples/nextjs the way a product installs the kit: the packages packed with `pnpm pack`,
// the example copied out of the workspace and installed from those tarballs, `next build`, then
// `next start`. Every step is cached under node_modules/.cache/ik-nextjs and skipped when its inputs
// are unchanged (install: tarballs + package.json; build: tarballs + the example's sources).
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE = join(ROOT, 'examples/nextjs');
/** Where the packs, the installed copy and its build live between runs. */
export const CACHE = join(ROOT, 'node_modules/.cache/ik-nextjs');
const PACKS = join(CACHE, 'packs');
const APP = join(CACHE, 'app');
/** The kit packages the example installs. */
const PACKAGES = ['sdk', 'react', 'server'] as const;
/** Produced by install and build, never copied from the source folder nor hashed. */
const LOCAL = new Set(['node_modules', '.next', 'packs', 'pnpm-lock.yaml', 'next-env.d.ts', 'tsconfig.tsbuildinfo']);
// The pnpm on PATH when the test runs under it (`pnpm test`, `pnpm exec vitest`): npx costs seconds per call.
const PNPM: [string, string[]] = process.env.npm_config_user_agent?.startsWith('pnpm/') ? ['pnpm', []] : ['npx', ['-y', 'pnpm@10.34.8']];

/** Runs a command to completion, failing with its output; returns how long it took in ms. */
function run(cmd: string, args: string[], cwd: string): number {
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd} (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  return Date.now() - started;
}

/** Files under `dir`, relative paths sorted, without the names in `skip`. */
function filesIn(dir: string, skip: ReadonlySet<string>, prefix = ''): string[] {
  return readdirSync(dir)
    .filter((name) => !skip.has(name))
    .sort()
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesIn(join(dir, name), skip, `${prefix}${name}/`) : [`${prefix}${name}`]));
}

/** What a package's tarball is made of (tests and caches too: at worst a needless re-pack). */
const PACKAGE_SKIP = new Set(['node_modules', '.turbo']);

function hashOf(parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/** Runs `step` unless `marker` already holds `key`; then records `key`. Returns the step's time, or 0 when skipped. */
function cached(marker: string, key: string, step: () => number): number {
  if (existsSync(marker) && readFileSync(marker, 'utf8') === key) return 0;
  const ms = step();
  writeFileSync(marker, key);
  return ms;
}

/** Timings of one preparation, in ms (0: skipped, its inputs unchanged). */
export interface PrepareTimings {
  pack: number;
  install: number;
  build: number;
}

/** Packs the kit, copies the example out and installs and builds it there, skipping what is unchanged. */
export function prepareExample(): PrepareTimings {
  for (const pkg of PACKAGES) {
    if (!existsSync(join(ROOT, `packages/${pkg}/dist`))) throw new Error(`packages/${pkg} is not built: run \`pnpm run build:packages\` first (pnpm test does).`);
  }
  // A package is packed again only when its files changed; its tarball and key live in packs/<pkg>/.
  let pack = 0;
  for (const pkg of PACKAGES) {
    const dir = join(ROOT, `packages/${pkg}`);
    const out = join(PACKS, pkg);
    const key = hashOf(filesIn(dir, PACKAGE_SKIP).flatMap((file) => [file, readFileSync(join(dir, file))]));
    const hasTarball = existsSync(out) && readdirSync(out).some((name) => name.endsWith('.tgz'));
    if (!hasTarball) rmSync(join(out, '.key'), { force: true });
    pack += cached(join(out, '.key'), key, () => {
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
      return run(PNPM[0], [...PNPM[1], 'pack', '--pack-destination', out], dir);
    });
  }
  const tarballs = PACKAGES.flatMap((pkg) => readdirSync(join(PACKS, pkg)).filter((name) => name.endsWith('.tgz')).map((name) => join(PACKS, pkg, name)));

  // The copy mirrors the source: stale files go, install and build outputs stay.
  mkdirSync(APP, { recursive: true });
  for (const name of readdirSync(APP)) if (!LOCAL.has(name)) rmSync(join(APP, name), { recursive: true, force: true });
  const files = filesIn(SOURCE, LOCAL);
  for (const file of files) cpSync(join(SOURCE, file), join(APP, file));
  rmSync(join(APP, 'packs'), { recursive: true, force: true });
  mkdirSync(join(APP, 'packs'));
  for (const tarball of tarballs) cpSync(tarball, join(APP, 'packs', basename(tarball)));

  const packed = tarballs.map((tarball) => readFileSync(tarball));
  const installKey = hashOf([...packed, readFileSync(join(SOURCE, 'package.json'))]);
  const install = cached(join(APP, 'node_modules/.ik-install-key'), installKey, () => {
    // New tarballs carry new integrity hashes: resolve afresh rather than trust the old lockfile.
    rmSync(join(APP, 'pnpm-lock.yaml'), { force: true });
    return run(PNPM[0], [...PNPM[1], 'install', '--ignore-workspace', '--prefer-offline', '--config.confirmModulesPurge=false'], APP);
  });
  const buildKey = hashOf([installKey, ...files.flatMap((file) => [file, readFileSync(join(SOURCE, file))])]);
  // .next/cache survives a rebuild (next build keeps it), so a changed page recompiles only what changed.
  const build = cached(join(APP, '.next/.ik-build-key'), buildKey, () => run(process.execPath, [join(APP, 'node_modules/next/dist/bin/next'), 'build'], APP));
  return { pack, install, build };
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** `next start` on a free port of 127.0.0.1; resolves once it answers, with its origin and a stop function. */
export async function startExample(): Promise<{ origin: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // Its own process group, so next and any worker it forks stop together.
  const child: ChildProcess = spawn(process.execPath, [join(APP, 'node_modules/next/dist/bin/next'), 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: APP,
    detached: true,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Kept in a file too: what the server logged is what explains a failing page.
  let output = '';
  const log = join(CACHE, 'next-start.log');
  writeFileSync(log, '');
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    appendFileSync(log, chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    if (child.pid === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output}`);
    try {
      await fetch(`${origin}/api/impersonation/policy`, { signal: AbortSignal.timeout(5_000) });
      return { origin, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await stop();
  throw new Error(`next start did not answer within 60 s:\n${output}`);
}
