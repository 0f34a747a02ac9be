'use client';
import { useState } from 'react';

/** Open state that follows `value` when given (controlled), else its own from `defaultValue`; changes are reported to `onChange`. */
export function useOpenState(value: boolean | undefined, defaultValue: boolean, onChange: ((open: boolean) => void) | undefined) {
  const [own, setOwn] = useState(defaultValue);
  const setOpen = (next: boolean) => {
    if (value === undefined) setOwn(next);
    onChange?.(next);
  };
  return [value ?? own, setOpen] as const;
}
