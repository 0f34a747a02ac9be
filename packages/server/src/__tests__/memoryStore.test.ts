import { describeImpersonationStore } from '../testing';
import { createMemoryStore } from '../memoryStore';

describeImpersonationStore('memory', () => createMemoryStore());
