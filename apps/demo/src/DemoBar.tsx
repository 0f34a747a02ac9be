import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ImpersonationClient } from '@impersonate-kit/sdk';
import { currentViewerId, signInAs } from './auth';
import type { DemoPreset } from './demoApi';
import { demoApi } from './demoApi';
import type { Theme } from './theme';
import { applyTheme, storedTheme } from './theme';

const FAST_FORWARD: Array<{ label: string; ms: number }> = [
  { label: '+1 min', ms: 60_000 },
  { label: '+10 min', ms: 10 * 60_000 },
  { label: '+1 h', ms: 60 * 60_000 },
];

const THEMES: Array<{ value: Theme; label: string }> = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Demo only: the clearly marked controls of the demo — who this tab is, which policy runs, the theme, server time travel. */
export function DemoBar({ client }: { client: ImpersonationClient }) {
  const viewerField = useId();
  const presetField = useId();
  const themeField = useId();
  const [theme, setTheme] = useState(storedTheme);
  const cast = useQuery({ queryKey: ['demo', 'cast'], queryFn: demoApi.cast, staleTime: Infinity });
  const state = useQuery({ queryKey: ['demo', 'state'], queryFn: demoApi.state, staleTime: Infinity });

  const fastForward = async (ms: number) => {
    await demoApi.fastForward(ms);
    // The client learns the new server time from the next answer; ask now rather than at the next poll.
    await Promise.allSettled([client.session.refresh(), client.consent.refresh()]);
  };

  const changePreset = async (preset: DemoPreset) => {
    await demoApi.setPreset(preset);
    window.location.reload();
  };

  const startOver = async () => {
    await demoApi.reset();
    window.location.reload();
  };

  return (
    <section className="demo-bar" aria-label="Demo controls">
      <strong className="demo-bar__tag">Demo only</strong>
      <span className="demo-bar__field">
        <label htmlFor={viewerField}>Sign in as</label>
        <select id={viewerField} value={currentViewerId()} onChange={(event) => signInAs(event.target.value)}>
          {(cast.data ?? [])
            .filter((user) => user.status === 'active')
            .map((user) => (
              <option key={user.id} value={user.id}>
                {user.name} ({user.roles.join(', ')})
              </option>
            ))}
        </select>
      </span>
      <span className="demo-bar__field">
        <label htmlFor={presetField}>Policy preset</label>
        <select id={presetField} value={state.data?.preset ?? ''} onChange={(event) => void changePreset(event.target.value as DemoPreset)}>
          {(state.data?.presets ?? []).map((preset) => (
            <option key={preset} value={preset}>
              {preset}
            </option>
          ))}
        </select>
      </span>
      <span className="demo-bar__field">
        <label htmlFor={themeField}>Theme</label>
        <select
          id={themeField}
          value={theme}
          onChange={(event) => {
            const next = event.target.value as Theme;
            applyTheme(next);
            setTheme(next);
          }}
        >
          {THEMES.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </span>
      <span className="demo-bar__group" role="group" aria-label="Fast-forward server time">
        <span aria-hidden="true">Fast-forward</span>
        {FAST_FORWARD.map((step) => (
          <button key={step.ms} type="button" onClick={() => void fastForward(step.ms)} aria-label={`Fast-forward ${step.label.slice(1)}`}>
            {step.label}
          </button>
        ))}
      </span>
      <button type="button" onClick={() => void startOver()}>
        Start over
      </button>
      {state.data && <span className="demo-bar__hint">Verification code: {state.data.stepUpCode}</span>}
    </section>
  );
}
