'use client';
// Every exported kit part renders behind one of these: whatever a part meets (a broken client, a
// hostile answer, a bug of ours), the host page stays mounted and the part says, in one line,
// that it could not be shown. React logs what was caught, so nothing is hidden from developers.
import { Component, useContext } from 'react';
import type { ComponentType, ReactElement, ReactNode } from 'react';
import { ImpersonationContext } from '../context';
import { defaultMessages } from '../messages';

/** Which kit part a boundary guards, as `data-part` on its fallback. */
export type KitPart = 'menu-item' | 'reason-dialog' | 'banner' | 'ended-prompt' | 'consent' | 'audit';

/** Props of `KitBoundary`. */
export interface KitBoundaryProps {
  part: KitPart;
  children?: ReactNode;
}

/** Catches what a kit part throws while rendering and shows `KitFailure` in its place. */
export class KitBoundary extends Component<KitBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? <KitFailure part={this.props.part} /> : this.props.children;
  }
}

/** The compact error a failed part leaves behind: one alert, its text from the messages table. */
export function KitFailure({ part }: { part: KitPart }) {
  // Outside a provider (the part failed for lack of one), the default text.
  const text = useContext(ImpersonationContext)?.t('boundary.failed') ?? defaultMessages['boundary.failed'];
  const alert = (
    <span role="alert" className="ik-field__error ik-kit-error" data-state="error" data-part={part}>
      {text}
    </span>
  );
  // In a menu only menu items belong: a disabled one carries the message.
  return part === 'menu-item' ? (
    <div role="menuitem" aria-disabled="true" tabIndex={-1} className="ik-menu-item" data-state="error">
      {alert}
    </div>
  ) : (
    alert
  );
}

/** `Inner` behind its own `KitBoundary`, under the public name the kit exports. */
export function guarded<P extends object>(part: KitPart, Inner: ComponentType<P>): (props: P) => ReactElement {
  return (props) => (
    <KitBoundary part={part}>
      <Inner {...props} />
    </KitBoundary>
  );
}
