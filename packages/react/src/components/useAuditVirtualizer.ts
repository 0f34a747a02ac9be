'use client';
import type { RefObject } from 'react';
import { measureElement, observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import type { Rect, Virtualizer } from '@tanstack/react-virtual';

/** The height a row is assumed to have until it is measured, in px. */
export const AUDIT_ROW_ESTIMATE = 48;

/** Rows rendered beyond each edge of the viewport, so keyboard and fast scrolling rarely meet a gap. */
export const AUDIT_OVERSCAN = 6;

/** Options of `useAuditVirtualizer`. */
export interface AuditVirtualizerOptions {
  count: number;
  /** The scrolling element (the table's viewport). */
  scrollRef: RefObject<HTMLDivElement | null>;
  /** The viewport's height as the component sets it, in px. */
  height: number;
  getItemKey: (index: number) => string | number;
}

/**
 * The table's row virtualizer. Where layout gives no size (jsdom, or before the first paint) the
 * viewport counts as `height` tall and rows as the estimate, so a window of rows renders everywhere;
 * a real viewport taller than `height` (a host's CSS) is honoured. Rows are measured after render,
 * so an expanded request body moves the rows below it.
 */
export function useAuditVirtualizer({ count, scrollRef, height, getItemKey }: AuditVirtualizerOptions): Virtualizer<HTMLDivElement, HTMLDivElement> {
  return useVirtualizer<HTMLDivElement, HTMLDivElement>({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => AUDIT_ROW_ESTIMATE,
    getItemKey,
    overscan: AUDIT_OVERSCAN,
    initialRect: { width: 0, height },
    // The viewport's max-height is `height`: while few rows are loaded it is shorter, and counting
    // it as `height` then only renders a few rows more, never fewer than fill it. (The virtualizer
    // observes once per scroll element, so a new function each render costs nothing.)
    observeElementRect: (instance, callback: (rect: Rect) => void) =>
      observeElementRect(instance, (rect) => callback({ width: rect.width, height: Math.max(rect.height, height) })),
    // What the browser laid out, or the estimate where nothing is laid out (jsdom, a detached node).
    measureElement: (element, entry, instance) => measureElement(element, entry, instance) || AUDIT_ROW_ESTIMATE,
  });
}
