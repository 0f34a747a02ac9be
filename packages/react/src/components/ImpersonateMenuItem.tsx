'use client';
import { forwardRef, useEffect, useId, useRef } from 'react';
import type { HTMLAttributes, KeyboardEvent, MouseEvent, ReactNode, Ref } from 'react';
import { clsx } from 'clsx';
import type { Session, UserRef } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import { formatDateTime } from '../format';
import { mayImpersonate, useEligibility } from '../hooks/useEligibility';
import { useViewer } from '../hooks/useViewer';
import { useOverlayHost } from './OverlayHost';
import { KitBoundary } from './KitBoundary';
import { ReasonDialog } from './ReasonDialog';
import { Slot } from './Slot';

/** Props of `ImpersonateMenuItem`. */
export interface ImpersonateMenuItemProps extends Omit<HTMLAttributes<HTMLElement>, 'children' | 'onSelect'> {
  /** The user this item would impersonate. */
  user: UserRef;
  /**
   * Render as the one child element instead of a div (Radix-style Slot): its props, handlers and
   * ref are merged with the item's, and its content becomes the item's label and reason.
   */
  asChild?: boolean;
  /** With `asChild`, the element to render as; otherwise a label replacing "Impersonate user". */
  children?: ReactNode;
  /** Take over selection: called instead of opening the item's own ReasonDialog (render yours outside the menu). */
  onSelect?: (user: UserRef) => void;
  /** Called when the item's own ReasonDialog started a session. */
  onStarted?: (session: Session) => void;
  /** Class of the item's own ReasonDialog content. */
  dialogClassName?: string;
  /** Classes for the label and the reason/expiry line. */
  classNames?: { label?: string; description?: string };
}

/** Whether the item can be used: `loading` and `error` are disabled too, with their own words. */
type ItemState = 'loading' | 'enabled' | 'disabled' | 'error';

/**
 * "Impersonate user" for any kebab menu: hidden without `impersonate:users`, disabled with the
 * reason in words when the backend says no, and opening a ReasonDialog when selected. The dialog
 * renders at the provider, so a menu that unmounts its items on select does not take it along.
 */
export const ImpersonateMenuItem = forwardRef<HTMLElement, ImpersonateMenuItemProps>(function ImpersonateMenuItem(props, ref) {
  return (
    <KitBoundary part="menu-item">
      <PermittedMenuItem {...props} forwardedRef={ref} />
    </KitBoundary>
  );
});

function PermittedMenuItem(props: ImpersonateMenuItemProps & { forwardedRef: Ref<HTMLElement> }) {
  // Hidden until we know, and for good without the permission: no flash of an item that goes away.
  return mayImpersonate(useViewer()) ? <EligibleMenuItem {...props} /> : null;
}

// The menu that holds `element` is labelled by its button (the ARIA menu-button pattern):
// that button is where focus belongs once the menu and its items are gone.
function menuTriggerOf(element: HTMLElement): HTMLElement | null {
  const labelledBy = element.closest('[role="menu"], [role="menubar"]')?.getAttribute('aria-labelledby');
  const id = labelledBy?.trim().split(/\s+/)[0];
  return id ? element.ownerDocument.getElementById(id) : null;
}

// Native buttons and links turn Enter and Space into a click themselves.
function activatesNatively(element: HTMLElement): boolean {
  return element.matches('button, a[href]');
}

function EligibleMenuItem({
  user,
  asChild = false,
  children,
  onSelect,
  onStarted,
  dialogClassName,
  classNames = {},
  className,
  onClick,
  onKeyDown,
  forwardedRef,
  ...rest
}: ImpersonateMenuItemProps & { forwardedRef: Ref<HTMLElement> }) {
  const { t, locale } = useImpersonationContext();
  const eligibility = useEligibility(user.id);
  const overlays = useOverlayHost();
  const dialogOpen = useRef(false);
  const openings = useRef(0);
  // The element activated while eligibility was still loading: it acts once the answer arrives.
  const queued = useRef<HTMLElement | null>(null);
  const id = useId();
  const descriptionId = `${id}-description`;
  const announcementKey = `${id}-announcement`;

  const state: ItemState = eligibility.error ? 'error' : eligibility.isLoading ? 'loading' : eligibility.allowed ? 'enabled' : 'disabled';
  const description =
    state === 'error'
      ? t('menuItem.checkFailed')
      : state === 'loading'
        ? t('menuItem.checking')
        : state === 'disabled'
          ? eligibility.message
          : eligibility.consentExpiresAt
            ? t('menuItem.consentUntil', { time: formatDateTime(eligibility.consentExpiresAt, locale) })
            : null;
  const disabled = state !== 'enabled';

  const select = (element: HTMLElement) => {
    if (state === 'loading') queued.current = element;
    if (disabled) return;
    if (onSelect) {
      onSelect(user);
      return;
    }
    if (dialogOpen.current) return;
    dialogOpen.current = true;
    // Read now: by the time the dialog closes, a menu may have unmounted the item and its menu.
    const menuTrigger = menuTriggerOf(element);
    openings.current += 1;
    const key = `${id}-dialog-${openings.current}`;
    // Rendered at the provider, not here: a menu that closes on select unmounts this item.
    overlays.show(
      key,
      <ReasonDialog
        key={key}
        target={user}
        defaultOpen
        onStarted={onStarted}
        className={dialogClassName}
        returnFocus={() => (element.isConnected ? element : menuTrigger?.isConnected ? menuTrigger : null)}
        onClosed={() => {
          dialogOpen.current = false;
          overlays.hide(key);
        }}
      />,
    );
  };

  // An activation made during the check is not lost: allowed, it opens the dialog; refused, the
  // reason is announced (the item's description changed silently under the user's focus).
  useEffect(() => {
    const element = queued.current;
    if (!element || state === 'loading') return;
    queued.current = null;
    if (state === 'enabled') select(element);
    else
      overlays.show(
        announcementKey,
        <p role="alert" className="ik-visually-hidden">
          {description}
        </p>,
      );
  });
  useEffect(() => () => overlays.hide(announcementKey), [overlays, announcementKey]);

  const handleClick = (event: MouseEvent<HTMLElement>) => {
    onClick?.(event);
    if (event.defaultPrevented) return;
    select(event.currentTarget);
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    onKeyDown?.(event);
    // A host menu (Radix) that handled the key already turned it into a click.
    if (event.defaultPrevented || activatesNatively(event.currentTarget)) return;
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    select(event.currentTarget);
  };

  const itemProps = {
    ...rest,
    role: 'menuitem',
    className: clsx('ik-menu-item', className),
    'aria-describedby': description ? descriptionId : undefined,
    'aria-disabled': disabled || undefined,
    'aria-busy': state === 'loading' || undefined,
    'data-state': state,
    'data-denial': state === 'disabled' ? eligibility.denials[0] : undefined,
    onClick: handleClick,
    onKeyDown: handleKeyDown,
    // Radix menu items call `onSelect` with a cancellable event: a disabled item keeps the menu open.
    onSelect: (event: { preventDefault(): void }) => {
      if (disabled) event.preventDefault();
    },
  };

  // One block of the kit's own inside the host's element: whatever display, gap or white-space
  // the host gives its menu items, the reason stays on its own line under the label.
  const content = (
    <span className="ik-menu-item__text">
      <span className={clsx('ik-menu-item__label', classNames.label)} data-state={state}>
        {!asChild && children !== undefined ? children : t('menuItem.label')}
      </span>
      {/* Visible, and read as the item's description (aria-describedby), not as part of its name. */}
      {description && (
        <span id={descriptionId} className={clsx('ik-menu-item__description', classNames.description)} data-state={state} aria-hidden="true">
          {description}
        </span>
      )}
    </span>
  );

  return asChild ? (
    <Slot {...itemProps} element={children} slotRef={forwardedRef}>
      {content}
    </Slot>
  ) : (
    <div tabIndex={0} {...itemProps} ref={forwardedRef as Ref<HTMLDivElement>}>
      {content}
    </div>
  );
}
