// Every case of the suite, in the order a run reports them.
import type { ConformanceCase } from '../suite';
import { asTargetCases } from './asTarget';
import { auditCases } from './audit';
import { bodyCases } from './bodies';
import { conventionCases } from './conventions';
import { credentialCases } from './credentials';
import { endpointCases } from './endpoints';
import { idempotencyCases } from './idempotency';
import { listCases } from './lists';
import { presetCases } from './presets';
import { reasonCases } from './reasons';
import { restartCases } from './restart';
import { ruleCases } from './rules';
import { timeCases } from './time';
import { visibilityCases } from './visibility';

/** The whole suite. */
export const ALL_CASES: readonly ConformanceCase[] = [
  ...ruleCases,
  ...reasonCases,
  ...conventionCases,
  ...bodyCases,
  ...credentialCases,
  ...visibilityCases,
  ...idempotencyCases,
  ...listCases,
  ...endpointCases,
  ...presetCases,
  ...restartCases,
  ...asTargetCases,
  ...auditCases,
  ...timeCases,
];
