import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';

/** The optional stylesheet: base.css (the variables and shared primitives) first, then each component's file by name. */
export function buildStylesheet(stylesDir: string): string {
  const files = readdirSync(stylesDir)
    .filter((name) => name.endsWith('.css'))
    .sort((a, b) => (a === 'base.css' ? -1 : b === 'base.css' ? 1 : a.localeCompare(b)));
  return files.map((name) => `/* ${name} */\n${readFileSync(join(stylesDir, name), 'utf8')}`).join('\n');
}

/** Writes the stylesheet that the `./styles.css` export points at. */
export function writeStylesheet(stylesDir = 'src/styles', outFile = 'dist/styles.css'): void {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, buildStylesheet(stylesDir));
}

/** Packages the build leaves as imports: the runtime dependencies and the peers. */
export const EXTERNALS = ['react', 'react-dom', '@tanstack/react-query', '@radix-ui/react-dialog', '@tanstack/react-virtual', 'clsx', '@impersonate-kit/sdk'];

/** Where the extra entries (every module of src but index) are written; removed after the build. */
export const SPLIT_DIR = 'modules';

/** The translations, each its own subpath (`@impersonate-kit/react/locales/de`) that the main entry never imports. */
export const LOCALE_ENTRIES = { 'locales/de': 'src/locales/de.ts' };

/** Every module of the package but the entries (index and the locales), as `SPLIT_DIR/<path>` → `src/<path>`; tests and stories are not modules. */
export function moduleEntries(): Record<string, string> {
  // Read beside this file, so the config also loads from another working directory (the packaging test).
  const srcDir = join(dirname(fileURLToPath(import.meta.url)), 'src');
  const modules = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .map((path) => path.split('\\').join('/'))
    .filter((path) => /\.tsx?$/.test(path) && !/(^|\/)__tests__\//.test(path) && !/\.(stories|test)\.tsx?$/.test(path) && path !== 'index.ts' && !path.startsWith('locales/'));
  return Object.fromEntries(modules.sort().map((path) => [`${SPLIT_DIR}/${path.replace(/\.tsx?$/, '')}`, `src/${path}`]));
}

/**
 * Removes the extra entries' files. They exist only to make esbuild split the code (index.js
 * imports the chunks, never them), and their CJS copies would each repeat the package.
 */
export function removeSplitEntries(outDir = 'dist'): void {
  rmSync(join(outDir, SPLIT_DIR), { recursive: true, force: true });
}

export default defineConfig({
  // One bundled file cannot be tree-shaken by module: a page importing only the banner would get
  // every dialog and Radix with it. With every module an entry, ESM code splitting gives each its
  // own chunk, index.js imports them, and a bundler drops the chunks a page does not use.
  entry: { index: 'src/index.ts', ...LOCALE_ENTRIES, ...moduleEntries() },
  format: ['esm', 'cjs'],
  // ESM only (tsup's default): CJS is for require() in Node, where nothing is tree-shaken, and
  // tsup's CJS splitting rewrites the output and pushes 'use client' below its helpers.
  splitting: undefined,
  dts: { entry: { index: 'src/index.ts', ...LOCALE_ENTRIES } },
  clean: true,
  sourcemap: true,
  target: 'es2022',
  external: EXTERNALS,
  // First line of every output file, ahead of the "use strict" of CJS: React Server Components hosts look there.
  banner: { js: "'use client';" },
  async onSuccess() {
    removeSplitEntries();
    writeStylesheet();
  },
});
