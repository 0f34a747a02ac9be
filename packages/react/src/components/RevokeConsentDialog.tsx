'use client';
import { useRef, useState } from 'react';
import type { RefObject } from 'react';
import * as Dialog from '@radix-ui/react-dialog';
import { clsx } from 'clsx';
import type { Consent } from '@impersonate-kit/sdk';
import { QUERY_KEY_ROOT, useImpersonationContext } from '../context';
import { useConsent } from '../hooks/useConsent';
import { failureMessageKey } from '../messages';
import type { ConsentSettingsClassNames } from './consentParts';
import { ConsentError } from './ErrorText';

/**
 * The revoke confirmation's flow, one for ConsentSettings and ImpersonatedNotice: the dialog's
 * props (open state from the caller, pending, the refusal in words) and the revoke itself.
 */
export function useRevokeConsent(
  open: boolean,
  setOpen: (open: boolean) => void,
  onRevoked?: (consent: Consent) => void,
  values?: Record<string, number>,
) {
  const { t, queryClient } = useImpersonationContext();
  const { revoke } = useConsent();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return {
    open,
    pending,
    error,
    onOpenChange(next: boolean) {
      // A revoke on its way ends (or fails, said here) first: "Keep consent" now would not keep it.
      if (pending) return;
      if (next) setError(null);
      setOpen(next);
    },
    onConfirm() {
      setPending(true);
      setError(null);
      revoke()
        .then(
          (saved) => {
            setOpen(false);
            // Revoking ended the sessions acting as the viewer: the notice, the history and the audit changed.
            void queryClient.invalidateQueries({ queryKey: [QUERY_KEY_ROOT] });
            onRevoked?.(saved);
          },
          (caught: unknown) => setError(t(failureMessageKey(caught), values)),
        )
        .finally(() => setPending(false));
    },
  };
}

/** Props of `RevokeConsentDialog`. */
export interface RevokeConsentDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Revokes; the dialog stays open (pending) until the parent closes it. */
  onConfirm: () => void;
  pending: boolean;
  /** A failed revoke in words, shown inside the dialog. */
  error: string | null;
  /** Whether the "Revoke consent" button shows (only while consent is active). */
  showTrigger: boolean;
  /** Where focus goes on close when the trigger is gone (consent was just revoked). */
  fallbackFocusRef: RefObject<HTMLElement | null>;
  classNames?: ConsentSettingsClassNames;
}

/** "Revoke consent" and its confirmation: an alertdialog whose safe choice, Keep consent, has focus first. */
export function RevokeConsentDialog({
  open,
  onOpenChange,
  onConfirm,
  pending,
  error,
  showTrigger,
  fallbackFocusRef,
  classNames,
}: RevokeConsentDialogProps) {
  const { t } = useImpersonationContext();
  const triggerRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const state = open ? 'open' : 'closed';
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      {/* Radix sets data-state (open | closed) on the trigger and the overlay. */}
      {showTrigger ? (
        <Dialog.Trigger ref={triggerRef} className={clsx('ik-button', 'ik-consent__revoke', classNames?.revoke)}>
          {t('consent.revoke')}
        </Dialog.Trigger>
      ) : null}
      <Dialog.Portal>
        <Dialog.Overlay className={clsx('ik-dialog-overlay', 'ik-consent-dialog__overlay', classNames?.dialogOverlay)} />
        <Dialog.Content
          role="alertdialog"
          className={clsx('ik-dialog-content', 'ik-consent-dialog', classNames?.dialog)}
          data-state={pending ? 'pending' : state}
          onOpenAutoFocus={(event) => {
            event.preventDefault();
            cancelRef.current?.focus();
          }}
          onCloseAutoFocus={(event) => {
            // After a revoke the trigger is gone; focus must not fall to <body>.
            if (triggerRef.current?.isConnected) return;
            event.preventDefault();
            fallbackFocusRef.current?.focus();
          }}
          // An alertdialog asks for an answer: a stray click outside is not one.
          onPointerDownOutside={(event) => event.preventDefault()}
        >
          <Dialog.Title className={clsx('ik-dialog-title', 'ik-consent-dialog__title', classNames?.dialogTitle)}>{t('consent.revokeTitle')}</Dialog.Title>
          <Dialog.Description className={clsx('ik-dialog-description', 'ik-consent-dialog__description', classNames?.dialogDescription)}>
            {t('consent.revokeBody')}
          </Dialog.Description>
          {error ? <ConsentError text={error} classNames={classNames} /> : null}
          <div className="ik-dialog-actions ik-consent-dialog__actions">
            <Dialog.Close
              ref={cancelRef}
              className={clsx('ik-button', 'ik-consent-dialog__cancel', classNames?.dialogCancel)}
              data-state={state}
              aria-disabled={pending || undefined}
            >
              {t('consent.revokeCancel')}
            </Dialog.Close>
            <button
              type="button"
              className={clsx('ik-button', 'ik-consent-dialog__confirm', classNames?.dialogConfirm)}
              data-variant="danger"
              data-state={pending ? 'pending' : 'idle'}
              aria-disabled={pending || undefined}
              aria-busy={pending || undefined}
              onClick={() => {
                if (!pending) onConfirm();
              }}
            >
              {pending ? t('consent.revoking') : t('consent.revokeConfirm')}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
