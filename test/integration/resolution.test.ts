// These tests must exercise the packages' source, the code being edited, never a stale build in
// dist/: vitest.config.ts means to resolve workspace packages through the "@impersonate-kit/source"
// condition. Importing the same module by package name and by path must give the same object.
import { createMockApi } from '@impersonate-kit/mock-api';
import { ImpersonationError } from '@impersonate-kit/sdk';
import { describe, expect, it } from 'vitest';
import { createMockApi as createMockApiFromSource } from '../../packages/mock-api/src/createMockApi';
import { ImpersonationError as ImpersonationErrorFromSource } from '../../packages/sdk/src/errors';

// Vite applies `resolve.conditions` to browser-like environments only; Node projects need
// `ssr.resolve.conditions` as well, or the package names fall through to the built dist/.
const HOW_TO_FIX = "vitest.config.ts: give the node projects ssr: { resolve: { conditions: ['@impersonate-kit/source', ...defaultServerConditions] } }";

describe('what the integration tests run against', () => {
  it('@impersonate-kit/sdk resolves to its source, not to dist', () => {
    expect(ImpersonationError, HOW_TO_FIX).toBe(ImpersonationErrorFromSource);
  });

  it('@impersonate-kit/mock-api resolves to its source, not to dist', () => {
    expect(createMockApi, HOW_TO_FIX).toBe(createMockApiFromSource);
  });
});
