// Hooks run after the commit, each on its own: one that throws or rejects is logged once and
// neither breaks the request nor the audit.
import type { HookNote, ServerDeps } from './context';

/** Calls each owed hook in order, awaiting it, swallowing (and logging) its failure. */
export async function runHooks(deps: ServerDeps, notes: readonly HookNote[]): Promise<void> {
  for (const note of notes) {
    const hook = deps.hooks[note.hook] as ((payload: unknown) => unknown) | undefined;
    if (!hook) continue;
    try {
      await hook.call(deps.hooks, note.payload);
    } catch (error) {
      deps.logger.error(`[impersonate-kit/server] hook ${note.hook} failed`, error);
    }
  }
}
