// A complete headless run: the SDK drives the reference backend through MSW in Node.
// Run it with `pnpm example` (it is also executed by the test suite).
import { setupServer } from 'msw/node';
import { createMockApi } from '@impersonate-kit/mock-api';
import { createImpersonationClient, formatRemaining, isImpersonationError } from '@impersonate-kit/sdk';

/** Runs the account-admin story end to end and returns what it printed. */
export async function main(log: (line: string) => void = console.log): Promise<void> {
  // 1. A backend. In a product this is your server; here it is the in-memory reference one.
  const api = createMockApi({ preset: 'account-admin' });
  api.signIn('u_owner');
  const server = setupServer(...api.handlers);
  server.listen({ onUnhandledRequest: 'error' });

  // 2. One client per app. Node has no relative URLs, so give it an absolute base.
  const client = createImpersonationClient({
    baseUrl: 'http://localhost/api/impersonation',
    onSessionChange: (change) => log(`session ${change.type}: ${change.session?.target.name ?? '-'}`),
  });

  try {
    const { policy, viewer } = await client.viewer.load();
    log(`signed in as ${viewer?.user.name}; policy ${policy?.preset}`);

    const [alice] = await client.getEligibility(['u_alice']);
    log(`may impersonate Alice: ${alice?.allowed}`);

    // The policy asks for a reason of at least 10 characters: a short one is refused, typed.
    try {
      await client.session.start({ targetUserId: 'u_alice', reason: 'bug' });
    } catch (error) {
      if (isImpersonationError(error)) log(`refused: ${error.code} (${error.status})`);
    }

    const session = await client.session.start({ targetUserId: 'u_alice', reason: 'Reproduce ticket #4521' });
    log(`impersonating ${session.target.name}, ${formatRemaining(client.session.remainingMs())} left`);
    log(`password reset blocked: ${client.isBlocked('auth.password_reset')}`);

    const ended = await client.session.end();
    log(`ended: ${ended.endReason}`);

    const events = await client.listEvents({ sessionId: ended.id });
    log(`audit: ${events.items.map((event) => event.type).join(', ')}`);
  } finally {
    client.destroy();
    server.close();
  }
}

// Run directly (node --import tsx, or the `example` script), not when imported by a test.
if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
