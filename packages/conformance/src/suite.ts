// One case of the suite: a name after its rule, the preset it runs under, what it needs from the
// driver beyond the required parts, and the steps.
import type { CaseContext } from './context';
import type { CaseNeed, Preset } from './types';

/** One conformance case. */
export interface ConformanceCase {
  /** Named after its rule, grouped by its first segment: `rules/…`, `conventions/…`, `time/…`. */
  name: string;
  /** The preset the backend is reset to before the case. */
  preset: Preset;
  /** Optional driver parts the case cannot run without; it is skipped when one is missing. */
  needs?: readonly CaseNeed[];
  run(t: CaseContext): Promise<void>;
}
