// Demo only: who this tab is. It stands in for the product's real sign-in. Each tab keeps its own
// signed token in sessionStorage (so two tabs can be two people) and sends it as a bearer.

const VIEWER_KEY = 'acme-demo:viewer';
const TOKEN_KEY = 'acme-demo:token';
const DEFAULT_VIEWER = 'u_owner';

let token: string | null = null;

/** Who this tab means to be signed in as. */
export function currentViewerId(): string {
  return sessionStorage.getItem(VIEWER_KEY) ?? DEFAULT_VIEWER;
}

async function signedInUser(candidate: string): Promise<string | null> {
  const response = await fetch('/demo-api/me', { headers: { Authorization: `Bearer ${candidate}` } });
  if (!response.ok) return null;
  const body = (await response.json()) as { user?: { id?: unknown } };
  return typeof body.user?.id === 'string' ? body.user.id : null;
}

async function signIn(userId: string): Promise<string> {
  const response = await fetch('/demo-api/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId }) });
  if (!response.ok) throw new Error(`The demo could not sign in as ${userId} (${response.status}).`);
  return ((await response.json()) as { token: string }).token;
}

/** Makes sure this tab holds a valid token for its viewer: keeps a good one, signs in again otherwise (e.g. after a server restart). */
export async function ensureSignedIn(): Promise<string> {
  const viewer = currentViewerId();
  const stored = sessionStorage.getItem(TOKEN_KEY);
  if (stored && (await signedInUser(stored)) === viewer) token = stored;
  else {
    token = await signIn(viewer).catch(() => {
      // A viewer that can no longer sign in (unknown, suspended) falls back to the default one.
      sessionStorage.setItem(VIEWER_KEY, DEFAULT_VIEWER);
      return signIn(DEFAULT_VIEWER);
    });
    sessionStorage.setItem(TOKEN_KEY, token);
  }
  return currentViewerId();
}

/** Signs this tab in as `userId` and reloads, as a real sign-in would. */
export function signInAs(userId: string): void {
  sessionStorage.setItem(VIEWER_KEY, userId);
  sessionStorage.removeItem(TOKEN_KEY);
  window.location.reload();
}

/** The header that tells the server who this tab is. */
export function authHeaders(): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}
