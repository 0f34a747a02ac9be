import { defineConfig } from 'tsup';

// Two builds run side by side, so each cleans only its own files.
export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: ['index.*'],
    sourcemap: true,
    target: 'es2022',
  },
  {
    // The bin: ESM only; esbuild keeps the entry's shebang line.
    entry: ['src/cli.ts'],
    format: ['esm'],
    clean: ['cli.*'],
    sourcemap: true,
    target: 'es2022',
  },
]);
