'use client';
// Creating an API key, which the policy blocks while impersonating: the kit says so up front, and
// the server refuses the call (403 blocked_during_impersonation) whatever the page does.
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useBlockedAction } from '@impersonate-kit/react';

type Outcome = { ok: true; text: string } | { ok: false; text: string } | null;

/** "Create API key": a name and a button; the answer shows below. */
export function ApiKeyForm() {
  const { blocked, message } = useBlockedAction('api_keys.manage');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const hintId = useId();

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = new FormData(event.currentTarget).get('name');
    const response = await fetch('/api/api-keys', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name }) });
    const body = (await response.json()) as { name?: string; error?: { code: string; message: string } };
    if (response.ok) setOutcome({ ok: true, text: `Created API key “${body.name ?? ''}”.` });
    else setOutcome({ ok: false, text: body.error?.code === 'blocked_during_impersonation' && message ? `Refused: ${message}` : `Refused: ${body.error?.message ?? response.statusText}` });
  }

  return (
    <form className="stack" onSubmit={(event) => void create(event)}>
      <label htmlFor={`${hintId}-name`}>Key name</label>
      <input id={`${hintId}-name`} name="name" defaultValue="CI deploy" />
      {blocked && (
        <p id={hintId} className="hint">
          {message}
        </p>
      )}
      <button type="submit" className="button" aria-describedby={blocked ? hintId : undefined}>
        Create API key
      </button>
      <p role={outcome?.ok === false ? 'alert' : 'status'}>{outcome?.text}</p>
    </form>
  );
}
