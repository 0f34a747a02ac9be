// What a bench file exports, and what the runner hands it.

/** One printed table: a title, column names and rows of cells. */
export interface BenchTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

/** What a bench reports through. */
export interface BenchContext {
  /** Prints a table now (figures appear as they are measured). */
  table(table: BenchTable): void;
  /** Prints a line of notes. */
  note(text: string): void;
}

/** A bench file's default export: `bench/<name>.bench.ts` exporting `{ name, run }`. */
export interface Bench {
  /** Short name, used to pick benches: `pnpm bench memory`. */
  name: string;
  run(context: BenchContext): Promise<void>;
}
