// The reason rules of POST /sessions, checked in the browser exactly as the server checks them
// (trimmed length in UTF-16 code units, as JavaScript's `length` counts), so the form never
// lets through what the server would refuse with `invalid_reason`, and never refuses what it takes.
import type { Policy } from '@impersonate-kit/sdk';

/** What is wrong with a typed reason, or null when the server would accept it. */
export type ReasonProblem = 'required' | 'tooShort' | 'tooLong' | null;

/** What is wrong with a chosen category, or null when the server would accept it. */
export type CategoryProblem = 'required' | 'unknown' | null;

/** The length the server measures: the reason trimmed. */
export function reasonLength(value: string): number {
  return value.trim().length;
}

/** Checks a reason against `policy.reason` the way the server does. */
export function checkReason(rules: Policy['reason'], value: string): ReasonProblem {
  const length = reasonLength(value);
  // A blank reason is no reason at all: fine when optional, and never "too short".
  if (length === 0) return rules.required ? 'required' : null;
  if (length < rules.minLength) return 'tooShort';
  if (length > rules.maxLength) return 'tooLong';
  return null;
}

/**
 * Checks a category ('' for none). The server refuses a category outside the list; the form also
 * asks for one whenever the policy lists categories and requires a reason.
 */
export function checkCategory(rules: Policy['reason'], value: string): CategoryProblem {
  if (value === '') return rules.required && rules.categories.length > 0 ? 'required' : null;
  return rules.categories.includes(value) ? null : 'unknown';
}

/** Checks a second-factor code: required when the policy asks for one; its value is the server's to judge. */
export function checkStepUpCode(required: boolean, value: string): 'required' | null {
  return required && value.trim() === '' ? 'required' : null;
}
