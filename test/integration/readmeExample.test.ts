// The README's headless example must run green as written. It starts its own MSW server, so this
// file has none of its own (two listening servers in one process would intercept each other).
import { main } from '@impersonate-kit/examples/headless';
import { describe, expect, it } from 'vitest';

describe('the README headless example', () => {
  it('runs the account-admin story and logs every step', async () => {
    const lines: string[] = [];

    await main((line) => lines.push(line));

    expect(lines).toEqual([
      'signed in as Olivia Owner; policy account-admin',
      'may impersonate Alice: true',
      'refused: invalid_reason (422)',
      'session started: Alice Analyst',
      'impersonating Alice Analyst, 30:00 left',
      'password reset blocked: true',
      'session ended: Alice Analyst',
      'ended: ended',
      'audit: impersonation.ended, impersonation.started',
    ]);
  });

  it('can run twice in one process: it cleans up its server and client', async () => {
    const first: string[] = [];
    const second: string[] = [];

    await main((line) => first.push(line));
    await main((line) => second.push(line));

    expect(second).toEqual(first);
  });
});
