'use client';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import * as Dialog from '@radix-ui/react-dialog';
import { clsx } from 'clsx';
import type { Session, UserRef } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import { ReasonForm } from './ReasonForm';
import { useOpenState } from './useOpenState';
import { guarded } from './KitBoundary';

/** The parts of `ReasonDialog` that take a class name through `classNames`. */
export type ReasonDialogPart =
  | 'overlay'
  | 'content'
  | 'title'
  | 'description'
  | 'form'
  | 'field'
  | 'label'
  | 'optional'
  | 'control'
  | 'hint'
  | 'count'
  | 'message'
  | 'error'
  | 'actions'
  | 'cancel'
  | 'start';

/** Extra classes for the parts of `ReasonDialog`, added after the built-in `ik-reason-dialog__*` ones. */
export type ReasonDialogClassNames = Partial<Record<ReasonDialogPart, string>>;

/** Props of `ReasonDialog`. */
export interface ReasonDialogProps {
  /** Who would be impersonated. */
  target: UserRef;
  /** Controlled open state; leave undefined to let the dialog keep its own. */
  open?: boolean;
  /** Initial open state when uncontrolled. */
  defaultOpen?: boolean;
  /** Called when the dialog asks to open or close (Escape, Cancel, the trigger, a started session). */
  onOpenChange?: (open: boolean) => void;
  /** Called with the new session once the server started it; the dialog has closed by then. */
  onStarted?: (session: Session) => void;
  /**
   * Where focus goes when the dialog closes; return null to use the default: the element that had
   * focus when it opened, or the last element outside it that took focus while it was open (a menu
   * that closed under it hands focus back to its trigger).
   */
  returnFocus?: () => HTMLElement | null | undefined;
  /** Called once the dialog has closed and focus has gone back (after any exit animation). */
  onClosed?: () => void;
  /** An optional trigger element (rendered as Radix `Dialog.Trigger` with `asChild`). */
  children?: ReactNode;
  /** Class of the dialog content. */
  className?: string;
  /** Classes for each part. */
  classNames?: ReasonDialogClassNames;
}

// Layout effects warn during server rendering in React 18; nothing here runs on a server anyway.
const useBrowserLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

function ReasonDialogContent({
  target,
  open,
  defaultOpen = false,
  onOpenChange,
  onStarted,
  returnFocus,
  onClosed,
  children,
  className,
  classNames = {},
}: ReasonDialogProps) {
  const { t } = useImpersonationContext();
  const [isOpen, setOpenState] = useOpenState(open, defaultOpen, onOpenChange);
  const pendingRef = useRef(false);
  const dirtyRef = useRef(false);
  const openerRef = useRef<HTMLElement | null>(null);
  const contentRef = useRef<HTMLDivElement>(null);

  const setOpen = (next: boolean) => {
    // A start in flight finishes (or fails) before the dialog can go away.
    if (next || !pendingRef.current) setOpenState(next);
  };

  // Remember where focus was before the dialog takes it (Radix focuses the content in a passive
  // effect, after this), and follow focus that lands outside while open: a menu that closed under
  // the dialog returns focus to its trigger, which is where focus should come back to.
  useBrowserLayoutEffect(() => {
    if (!isOpen) return;
    const active = document.activeElement;
    openerRef.current = active instanceof HTMLElement && active !== document.body ? active : null;
    const onFocusIn = (event: FocusEvent) => {
      const element = event.target;
      if (!(element instanceof HTMLElement) || contentRef.current?.contains(element)) return;
      if (element.closest('[role="dialog"], [role="alertdialog"]')) return;
      openerRef.current = element;
    };
    document.addEventListener('focusin', onFocusIn, true);
    return () => document.removeEventListener('focusin', onFocusIn, true);
  }, [isOpen]);

  const onCloseAutoFocus = (event: Event) => {
    event.preventDefault();
    const destination = returnFocus?.() ?? openerRef.current;
    if (destination?.isConnected) destination.focus();
    onClosed?.();
  };

  // Escape waits for a start in flight; a click outside must not throw away a reason the user typed either.
  const keepOpen = (typed: boolean) => (event: Event) => {
    if (pendingRef.current || (typed && dirtyRef.current)) event.preventDefault();
  };

  return (
    <Dialog.Root open={isOpen} onOpenChange={setOpen}>
      {children !== undefined && <Dialog.Trigger asChild>{children}</Dialog.Trigger>}
      <Dialog.Portal>
        <Dialog.Overlay className={clsx('ik-dialog-overlay ik-reason-dialog__overlay', classNames.overlay)} />
        <Dialog.Content
          ref={contentRef}
          className={clsx('ik-dialog-content ik-reason-dialog', className, classNames.content)}
          onCloseAutoFocus={onCloseAutoFocus}
          onEscapeKeyDown={keepOpen(false)}
          onInteractOutside={keepOpen(true)}
        >
          <Dialog.Title className={clsx('ik-dialog-title ik-reason-dialog__title', classNames.title)}>
            {t('reasonDialog.title', { name: target.name })}
          </Dialog.Title>
          <Dialog.Description className={clsx('ik-dialog-description ik-reason-dialog__description', classNames.description)}>
            {t('reasonDialog.description', { name: target.name, email: target.email })}
          </Dialog.Description>
          <ReasonForm
            target={target}
            classNames={classNames}
            pendingRef={pendingRef}
            dirtyRef={dirtyRef}
            onStarted={(session) => {
              dirtyRef.current = false;
              setOpen(false);
              onStarted?.(session);
            }}
          />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** The confirm step of an impersonation: reason, category and second factor as the policy asks, then one start request. */
export const ReasonDialog = /* @__PURE__ */ guarded<ReasonDialogProps>('reason-dialog', ReasonDialogContent);
