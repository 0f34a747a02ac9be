// Projects of whoever acts: the target's, during a session, already in the server-rendered HTML.
import { projectsOf } from '@/lib/directory';
import { impersonation } from '@/lib/impersonation';
import { requireActor } from '../signedIn';
import { ApiKeyForm } from './ApiKeyForm';

export default async function ProjectsPage() {
  const actor = await requireActor();
  // A read while impersonating is audited like an API call (nothing is recorded otherwise).
  await impersonation.recordAction(actor, { method: 'GET', path: '/projects', status: 200, body: null });
  return (
    <>
      <h1>Projects</h1>
      <ul aria-label="Projects" className="list">
        {projectsOf(actor.user.id).map((name) => (
          <li key={name}>{name}</li>
        ))}
      </ul>
      <h2>API keys</h2>
      <ApiKeyForm />
    </>
  );
}
