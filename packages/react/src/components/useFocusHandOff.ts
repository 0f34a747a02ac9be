'use client';
import { useState } from 'react';

/**
 * A ref for a control that goes away once used (Load more on the last page): when it leaves the
 * DOM with focus, focus moves to the first match of `selector` in its parent once the commit is
 * done, instead of falling to <body>.
 */
export function useFocusHandOff(selector: string): (element: HTMLElement | null) => void {
  // One stable callback, so React calls it with null only when the element unmounts (still in the DOM then).
  const [ref] = useState(() => {
    let node: HTMLElement | null = null;
    return (element: HTMLElement | null) => {
      const parent = node?.parentElement;
      if (element) node = element;
      else if (document.activeElement === node) setTimeout(() => parent?.querySelector<HTMLElement>(selector)?.focus());
    };
  });
  return ref;
}
