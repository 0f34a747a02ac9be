'use client';
// A minimal Radix-style Slot for `asChild`: the host's element is rendered in place of ours, with
// our props merged into its own. Hand-written because @radix-ui/react-slot is not a dependency.
import { cloneElement, isValidElement, useMemo, version } from 'react';
import type { ReactElement, ReactNode, Ref, RefCallback } from 'react';
import { clsx } from 'clsx';

type AnyProps = Record<string, unknown>;

/** One ref callback that feeds every given ref (callback or object). */
export function composeRefs<T>(...refs: Array<Ref<T> | undefined>): RefCallback<T> {
  return (node) => {
    for (const ref of refs) {
      if (typeof ref === 'function') ref(node);
      else if (ref) (ref as { current: T | null }).current = node;
    }
  };
}

function isHandler(key: string, value: unknown): value is (...args: unknown[]) => unknown {
  return /^on[A-Z]/.test(key) && typeof value === 'function';
}

/** Merges `ours` into `theirs`: their plain props win, handlers run theirs first then ours, classes join, styles merge. */
export function mergeProps(ours: AnyProps, theirs: AnyProps): AnyProps {
  const merged: AnyProps = { ...ours, ...theirs };
  for (const key of Object.keys(ours)) {
    const mine = ours[key];
    const other = theirs[key];
    if (isHandler(key, mine) && isHandler(key, other)) {
      merged[key] = (...args: unknown[]) => {
        const result = other(...args);
        mine(...args);
        return result;
      };
    } else if (key === 'className') {
      merged[key] = clsx(mine as string | undefined, other as string | undefined);
    } else if (key === 'style') {
      merged[key] = { ...(mine as object | undefined), ...(other as object | undefined) };
    } else if (other === undefined) {
      merged[key] = mine;
    }
  }
  return merged;
}

// React 19 keeps an element's ref in its props, React 18 on the element; reading the other one warns.
function elementRef(element: ReactElement): Ref<unknown> | undefined {
  return version.startsWith('18') ? (element as unknown as { ref?: Ref<unknown> }).ref : (element.props as { ref?: Ref<unknown> }).ref;
}

/** Props of `Slot`. */
export interface SlotProps extends AnyProps {
  /** The host's element to render. */
  element: ReactNode;
  /** Replaces the element's own children when given. */
  children?: ReactNode;
  /** Our ref, set together with the element's own (a plain prop name, so React 18 passes it through). */
  slotRef?: Ref<unknown>;
}

/** Renders `element` with the other props merged in (see `mergeProps`) and both refs set. */
export function Slot({ element, children, slotRef, ...props }: SlotProps) {
  const valid = isValidElement(element);
  const theirRef = valid ? elementRef(element) : undefined;
  // A stable callback, so the refs are not detached and re-attached on every render.
  const ref = useMemo(() => composeRefs(slotRef, theirRef), [slotRef, theirRef]);
  if (!valid) {
    throw new Error('impersonate-kit: `asChild` needs exactly one React element as its child.');
  }
  const merged = mergeProps(props, element.props as AnyProps);
  merged.ref = ref;
  return children === undefined ? cloneElement(element, merged) : cloneElement(element, merged, children);
}
