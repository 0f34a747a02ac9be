import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useBlockedAction } from '@impersonate-kit/react';
import { appApi } from '../appApi';

/** The effective user's projects (the target's while impersonating) and the account's sensitive actions. */
export function ProjectsPage() {
  const queryClient = useQueryClient();
  const projects = useQuery({ queryKey: ['app', 'projects'], queryFn: appApi.projects });
  const me = useQuery({ queryKey: ['app', 'me'], queryFn: appApi.me });
  // The effective user's permissions, never the impersonator's: a viewer only reads.
  const readOnly = me.data ? me.data.user.roles.every((role) => role === 'viewer') : false;
  const readOnlyNote = useId();
  const [name, setName] = useState('');
  const nameField = useId();
  const create = useMutation({
    mutationFn: (projectName: string) => appApi.createProject(projectName),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: ['app', 'projects'] });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate(name.trim());
  };

  return (
    <>
      {/* The page's h1 already says "Projects": the list needs no second heading of that name. */}
      <div className="panel">
        {projects.isPending && <p role="status">Loading projects…</p>}
        {projects.isError && <p role="alert">Couldn't load projects: {projects.error.message}</p>}
        {projects.data && projects.data.length === 0 && <p>No projects yet.</p>}
        {projects.data && projects.data.length > 0 && (
          <ul className="project-list" aria-label="Projects">
            {projects.data.map((project) => (
              <li key={project.id}>{project.name}</li>
            ))}
          </ul>
        )}
        <form onSubmit={submit} className="inline-form">
          <label htmlFor={nameField}>New project name</label>
          <input
            id={nameField}
            value={name}
            onChange={(event) => setName(event.target.value)}
            maxLength={100}
            disabled={readOnly}
            aria-describedby={readOnly ? readOnlyNote : undefined}
          />
          <button type="submit" disabled={readOnly || create.isPending || !name.trim()}>
            Create project
          </button>
        </form>
        {readOnly && (
          <p id={readOnlyNote} className="hint">
            {me.data?.user.name} is a viewer: viewers can't create projects.
          </p>
        )}
        {create.isError && <p role="alert">Couldn't create the project: {create.error.message}</p>}
      </div>
      <SensitiveActions />
    </>
  );
}

interface ActionSpec {
  key: string;
  label: string;
  run: () => Promise<unknown>;
}

const ACTIONS: ActionSpec[] = [
  { key: 'api_keys.manage', label: 'Create API key', run: () => appApi.createApiKey('Deploy key') },
  { key: 'auth.password_reset', label: 'Change password', run: () => appApi.changePassword('old-password', 'correct horse battery staple') },
  { key: 'billing.manage', label: 'Billing', run: () => appApi.updateBilling('Team') },
  { key: 'team.settings', label: 'Team settings', run: () => appApi.updateTeamSettings({ defaultRole: 'viewer' }) },
];

function SensitiveActions() {
  const [force, setForce] = useState(false);
  return (
    <section aria-labelledby="sensitive-heading" className="panel">
      <h2 id="sensitive-heading">Account actions</h2>
      <label className="demo-only">
        <input type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} /> Demo: let me try
        blocked actions (the server still refuses them)
      </label>
      <ul className="action-list">
        {ACTIONS.map((action) => (
          <SensitiveAction key={action.key} action={action} force={force} />
        ))}
      </ul>
    </section>
  );
}

function SensitiveAction({ action, force }: { action: ActionSpec; force: boolean }) {
  const { blocked, message } = useBlockedAction(action.key);
  const reasonId = useId();
  const run = useMutation({ mutationFn: action.run });
  const disabled = (blocked && !force) || run.isPending;
  return (
    <li>
      <button type="button" disabled={disabled} aria-describedby={blocked ? reasonId : undefined} onClick={() => run.mutate()}>
        {action.label}
      </button>
      {blocked && (
        <span id={reasonId} className="hint">
          {message}
        </span>
      )}
      {run.isSuccess && <span role="status"> Done.</span>}
      {run.isError && <span role="alert"> Refused: {run.error.message}</span>}
    </li>
  );
}
