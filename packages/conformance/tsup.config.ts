import { defineConfig } from 'tsup';

// ESM: the library and the bin share their code through chunks. CJS: the library alone.
// The two builds run side by side, so each cleans only its own files.
export default defineConfig([
  {
    entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
    format: ['esm'],
    dts: { entry: { index: 'src/index.ts' } },
    splitting: true,
    clean: ['index.js*', 'index.d.ts', 'cli.*', 'chunk-*'],
    sourcemap: true,
    target: 'es2022',
  },
  {
    entry: { index: 'src/index.ts' },
    format: ['cjs'],
    dts: true,
    clean: ['index.cjs*', 'index.d.cts'],
    sourcemap: true,
    target: 'es2022',
  },
]);
