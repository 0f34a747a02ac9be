// `pnpm bench [name…]`: runs every bench/*.bench.ts (or those named), one after another, and prints
// their tables. A bench file default-exports `{ name, run(context) }` (see types.ts).
import { readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench, BenchContext, BenchTable } from './types';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);

const out = (text: string) => void process.stdout.write(`${text}\n`);

function print(table: BenchTable): void {
  const cells = [table.columns, ...table.rows.map((row) => row.map(String))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  out(`\n${table.title}`);
  out(line(table.columns));
  out(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of cells.slice(1)) out(line(row));
}

const context: BenchContext = { table: print, note: (text) => out(text) };

const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .sort();
let ran = 0;
for (const file of files) {
  const bench = ((await import(pathToFileURL(`${dir}${file}`).href)) as { default: Bench }).default;
  if (wanted.length > 0 && !wanted.includes(bench.name)) continue;
  // The machine's load goes with the figures: p99s on a busy machine measure its scheduler.
  out(`\n=== ${bench.name} (${file}) on Node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)}`);
  await bench.run(context);
  ran++;
}
if (ran === 0) {
  console.error(`No bench matched ${wanted.join(', ') || '(none found)'}; files: ${files.join(', ')}`);
  process.exit(1);
}
