'use client';
// Menus (Radix DropdownMenu, most hand-made ones) unmount their items when one is selected, so a
// dialog rendered by the item would vanish with it. The provider keeps this host beside the host
// app's tree instead: a component hands it a node, and the node stays mounted, with the provider's
// contexts, until the component takes it back or the provider itself goes away. No Dialog code
// lives here, so a page that never opens one does not load it.
import { Fragment, createContext, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';

/** Shows and hides nodes rendered at the provider, outside whatever asked for them. */
export interface OverlayHostApi {
  /** Renders `node` at the provider under `key`, replacing any node with that key. */
  show(key: string, node: ReactNode): void;
  /** Stops rendering the node under `key`. */
  hide(key: string): void;
}

const OverlayContext = createContext<OverlayHostApi | null>(null);

/** The provider's overlay host; read only after `useImpersonationContext`, which throws outside the provider. */
export function useOverlayHost(): OverlayHostApi {
  return useContext(OverlayContext) as OverlayHostApi;
}

/** Renders its children, then every node handed to it; changes to the nodes re-render nothing else. */
export function OverlayHost({ children }: { children?: ReactNode }) {
  const [nodes, setNodes] = useState<ReadonlyArray<readonly [string, ReactNode]>>([]);
  const api = useMemo<OverlayHostApi>(
    () => ({
      show: (key, node) => setNodes((current) => [...current.filter(([other]) => other !== key), [key, node]]),
      hide: (key) => setNodes((current) => (current.some(([other]) => other === key) ? current.filter(([other]) => other !== key) : current)),
    }),
    [],
  );
  return (
    <OverlayContext.Provider value={api}>
      {children}
      {nodes.map(([key, node]) => (
        <Fragment key={key}>{node}</Fragment>
      ))}
    </OverlayContext.Provider>
  );
}
