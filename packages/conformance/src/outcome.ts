// How a case stops early: a failure says what it saw against what it expected; a skip says why.

/** Thrown by a check that did not hold; its message is "what it saw vs expected". */
export class CaseFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseFailure';
  }
}

/** Thrown when the driver cannot provide what a case needs; the case is skipped, never passed. */
export class CaseSkip extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseSkip';
  }
}

/** Fails the running case. */
export function fail(message: string): never {
  throw new CaseFailure(message);
}

/** Fails the running case unless `condition` holds. */
export function check(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) fail(typeof message === 'function' ? message() : message);
}
