import { useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ImpersonationClient } from '@impersonate-kit/sdk';
import { MOCK_PRESETS } from '@impersonate-kit/mock-api';
import type { MockPreset } from '@impersonate-kit/mock-api';
import { appApi } from './appApi';
import { backend, currentPreset, currentViewerId, signInAs } from './backend';

const FAST_FORWARD: Array<{ label: string; ms: number }> = [
  { label: '+1 min', ms: 60_000 },
  { label: '+10 min', ms: 10 * 60_000 },
  { label: '+1 h', ms: 60 * 60_000 },
];

/** The clearly marked demo controls: who this tab is, which policy runs, and server time travel. */
export function DemoBar({ client }: { client: ImpersonationClient }) {
  const viewerField = useId();
  const presetField = useId();
  const users = useQuery({ queryKey: ['demo', 'cast'], queryFn: appApi.users, staleTime: Infinity });

  const fastForward = async (ms: number) => {
    backend.clock.advance(ms);
    // The client learns the new server time from the next answer; ask now rather than at the next poll.
    await Promise.allSettled([client.session.refresh(), client.consent.refresh()]);
  };

  const changePreset = (preset: MockPreset) => {
    backend.setPreset(preset);
    window.location.reload();
  };

  return (
    <section className="demo-bar" aria-label="Demo controls">
      <strong className="demo-bar__tag">Demo</strong>
      <label htmlFor={viewerField}>Sign in as</label>
      <select id={viewerField} value={currentViewerId()} onChange={(event) => signInAs(event.target.value)}>
        {(users.data ?? []).map((user) => (
          <option key={user.id} value={user.id}>
            {user.name} ({user.roles.join(', ')})
          </option>
        ))}
      </select>
      <label htmlFor={presetField}>Policy preset</label>
      <select id={presetField} value={currentPreset()} onChange={(event) => changePreset(event.target.value as MockPreset)}>
        {MOCK_PRESETS.map((preset) => (
          <option key={preset} value={preset}>
            {preset}
          </option>
        ))}
      </select>
      <span className="demo-bar__group" role="group" aria-label="Fast-forward server time">
        <span aria-hidden="true">Fast-forward</span>
        {FAST_FORWARD.map((step) => (
          <button key={step.ms} type="button" onClick={() => void fastForward(step.ms)} aria-label={`Fast-forward ${step.label.slice(1)}`}>
            {step.label}
          </button>
        ))}
      </span>
    </section>
  );
}
