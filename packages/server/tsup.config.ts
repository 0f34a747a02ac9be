import { defineConfig } from 'tsup';

export default defineConfig({
  // Named entries: `postgres/index.ts` must not collide with the root `index.ts`.
  entry: { index: 'src/index.ts', testing: 'src/testing.ts', postgres: 'src/postgres/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // Peer dependencies stay imports: the core entry never loads a driver; ./postgres loads the host's kysely and pg.
  external: ['vitest', 'kysely', 'pg'],
});
