// @vitest-environment node
// What a consumer's bundler and a React Server Components host see of the package.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Options } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const source = (path: string) => readFileSync(join(packageDir, path), 'utf8');

/** The part of esbuild's API these tests use (esbuild comes with tsup; it is not our dependency). */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{
    metafile: { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
    outputFiles?: Array<{ text: string }>;
  }>;
}
const requireHere = createRequire(join(packageDir, 'package.json'));
const esbuild = requireHere(createRequire(requireHere.resolve('tsup')).resolve('esbuild')) as Esbuild;

/** The tsup config module, loaded by path: it sits outside src. */
interface TsupConfigModule {
  default: Options;
  EXTERNALS: string[];
  writeStylesheet(stylesDir: string, outFile: string): void;
  removeSplitEntries(outDir: string): void;
}
const loadTsupConfig = () => import(pathToFileURL(join(packageDir, 'tsup.config.ts')).href) as Promise<TsupConfigModule>;

/** The modules that end up with bytes in a bundle that imports `names` from the package entry. */
async function bundledModules(names: string): Promise<string[]> {
  const result = await esbuild.build({
    stdin: { contents: `export { ${names} } from './src/index';`, resolveDir: packageDir, sourcefile: 'entry.ts', loader: 'ts' },
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    jsx: 'automatic',
    conditions: ['@impersonate-kit/source'],
    // React is the host's either way; everything else is bundled so a stray import shows.
    external: ['react', 'react-dom'],
    logLevel: 'silent',
  });
  return Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
  );
}

const RADIX_DIALOG = /@radix-ui[\\/]react-dialog[\\/]/;

/** The package as published: its package.json (for `sideEffects`) beside a dist built by its tsup config. */
const built = { root: '', dist: '' };

beforeAll(async () => {
  built.root = mkdtempSync(join(tmpdir(), 'ik-react-build-'));
  built.dist = join(built.root, 'dist');
  writeFileSync(join(built.root, 'package.json'), source('package.json'));
  const [{ build }, tsupConfig] = await Promise.all([import('tsup'), loadTsupConfig()]);
  const config = tsupConfig.default;
  const entry = Object.fromEntries(Object.entries(config.entry as Record<string, string>).map(([name, path]) => [name, resolve(packageDir, path)]));
  // The real config, minus what only slows a test down (types, maps); its onSuccess steps run here, on this dist.
  await build({ ...config, entry, outDir: built.dist, tsconfig: join(packageDir, 'tsconfig.json'), dts: false, sourcemap: false, onSuccess: undefined, config: false, silent: true });
  tsupConfig.removeSplitEntries(built.dist);
  tsupConfig.writeStylesheet(join(packageDir, 'src/styles'), join(built.dist, 'styles.css'));
}, 60_000);
afterAll(() => rmSync(built.root, { recursive: true, force: true }));

/** What a consumer's bundler makes of a page that imports `names` from the built package (dependencies left out). */
async function bundleFromDist(names: string): Promise<{ code: string }> {
  const result = await esbuild.build({
    stdin: { contents: `export { ${names} } from './dist/index.js';`, resolveDir: built.root, sourcefile: 'page.js', loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    external: ['react', 'react-dom', '@tanstack/*', '@radix-ui/*', 'clsx', '@impersonate-kit/*'],
    logLevel: 'silent',
  });
  return { code: result.outputFiles?.[0]?.text ?? '' };
}

describe('a page that imports only ImpersonationProvider and CountdownBanner', () => {
  it('bundles no Radix Dialog code, nor any dialog of ours', async () => {
    const modules = await bundledModules('ImpersonationProvider, CountdownBanner');

    expect(modules.some((path) => path.endsWith('components/CountdownBanner.tsx'))).toBe(true);
    expect(modules.filter((path) => RADIX_DIALOG.test(path))).toEqual([]);
    expect(modules.filter((path) => /@radix-ui[\\/]/.test(path))).toEqual([]);
    expect(modules.filter((path) => /components[\\/](ReasonDialog|SessionEndedPrompt|RevokeConsentDialog)\.tsx$/.test(path))).toEqual([]);
  });

  it('while a page that imports ReasonDialog does get Radix Dialog, so the check above can see it', async () => {
    const modules = await bundledModules('ReasonDialog');

    expect(modules.some((path) => RADIX_DIALOG.test(path))).toBe(true);
  });
});

describe("'use client'", () => {
  it('opens the entry and every component module', () => {
    const components = readdirSync(join(packageDir, 'src/components'))
      .filter((name) => name.endsWith('.tsx') && !name.endsWith('.stories.tsx'))
      .map((name) => `src/components/${name}`);
    const files = ['src/index.ts', 'src/ImpersonationProvider.tsx', ...components];

    expect(files.filter((file) => !/^'use client';\r?\n/.test(source(file)))).toEqual([]);
  });

  it('opens the ESM and the CJS entry of the build, and every ESM chunk', () => {
    const outputs = readdirSync(built.dist).filter((name) => /\.c?js$/.test(name));

    expect(outputs).toEqual(expect.arrayContaining(['index.js', 'index.cjs']));
    expect(outputs.filter((name) => !readFileSync(join(built.dist, name), 'utf8').startsWith("'use client';"))).toEqual([]);
  });
});

describe('the built package', () => {
  it('leaves the runtime dependencies as imports', async () => {
    const { EXTERNALS } = await loadTsupConfig();
    const declared = Object.keys((JSON.parse(source('package.json')) as { dependencies: Record<string, string> }).dependencies);
    const esm = readdirSync(built.dist)
      .filter((name) => name.endsWith('.js'))
      .map((name) => readFileSync(join(built.dist, name), 'utf8'))
      .join('\n');

    expect(EXTERNALS).toEqual(expect.arrayContaining([...declared, 'react', 'react-dom']));
    expect(esm).toMatch(/from "@tanstack\/react-query"/);
    expect(esm).toMatch(/from "@radix-ui\/react-dialog"/);
    expect(esm).not.toMatch(/function useQuery\b/);
  });

  it('ships one CJS file and no leftover entry files', () => {
    expect(readdirSync(built.dist).filter((name) => name.endsWith('.cjs'))).toEqual(['index.cjs']);
    // The one folder: the German table's subpath entry (`./locales/de`), kept out of the main entry.
    expect(readdirSync(built.dist).filter((name) => !/\.(c?js|css)$/.test(name))).toEqual(['locales']);
  });

  describe('when a page imports only ImpersonationProvider and CountdownBanner from it', () => {
    it('leaves Radix Dialog and every dialog chunk out', async () => {
      const page = await bundleFromDist('ImpersonationProvider, CountdownBanner');

      expect(page.code).toContain('CountdownBanner');
      expect(page.code).not.toContain('@radix-ui/react-dialog');
      expect(page.code).not.toContain('@tanstack/react-virtual');
    });

    it('while a page that imports ReasonDialog keeps it, so the check above can see it', async () => {
      const page = await bundleFromDist('ReasonDialog');

      expect(page.code).toContain('@radix-ui/react-dialog');
    });
  });
});

describe('styles.css', () => {
  it('is exported, kept by bundlers, and built from base.css first, then every component stylesheet', () => {
    const pkg = JSON.parse(source('package.json')) as { exports: Record<string, unknown>; sideEffects: string[] };
    const css = readFileSync(join(built.dist, 'styles.css'), 'utf8');
    const others = readdirSync(join(packageDir, 'src/styles')).filter((name) => name.endsWith('.css') && name !== 'base.css');

    expect(pkg.exports['./styles.css']).toBe('./dist/styles.css');
    expect(pkg.sideEffects).toContain('**/*.css');
    expect(css.startsWith('/* base.css */')).toBe(true);
    for (const name of others) expect(css).toContain(`/* ${name} */`);
  });

  it('uses no --ik-* variable that no stylesheet defines', () => {
    const css = readFileSync(join(built.dist, 'styles.css'), 'utf8');
    const defined = new Set([...css.matchAll(/(--ik-[\w-]+)\s*:/g)].map((match) => match[1]));
    const used = new Set([...css.matchAll(/var\(\s*(--ik-[\w-]+)/g)].map((match) => match[1]));

    expect([...used].filter((name) => !defined.has(name))).toEqual([]);
  });
});
