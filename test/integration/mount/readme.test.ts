// The server README shows the files the mount tests serve, verbatim, so its snippets cannot rot.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const readme = read('../../../packages/server/README.md');

const SNIPPETS = [
  './snippets/impersonation.ts',
  './snippets/ownApi.ts',
  './next/app/api/impersonation/[...path]/route.ts',
  './next/app/api/me/route.ts',
  './snippets/express.ts',
  './snippets/hono.ts',
  './snippets/nodeHttp.ts',
];

describe('packages/server/README.md', () => {
  it.each(SNIPPETS)('shows %s verbatim in a ts block', (path) => {
    expect(readme).toContain(`\`\`\`ts\n${read(path).trimEnd()}\n\`\`\``);
  });

  it('has no section left to fill in', () => {
    expect(readme).not.toMatch(/TODO|TBD|FIGURES/);
  });
});
