'use client';
import { useEffect, useId, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { FormEvent } from 'react';
import * as Dialog from '@radix-ui/react-dialog';
import { clsx } from 'clsx';
import { toImpersonationError } from '@impersonate-kit/sdk';
import type { EndReason, ImpersonationClient, ImpersonationError, Session } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import { useEligibility } from '../hooks/useEligibility';
import { useImpersonation } from '../hooks/useImpersonation';
import { useViewer } from '../hooks/useViewer';
import { endReasonMessageKey, errorMessageKey } from '../messages';
import { guarded } from './KitBoundary';
import { ReasonField } from './ReasonField';
import { checkStepUpCode } from './stepUpCode';

/** Props of `SessionEndedPrompt`. */
export interface SessionEndedPromptProps {
  className?: string;
  /** Called with the new session after Restart session succeeded. */
  onRestarted?: (session: Session) => void;
  /** Called after Quit (or Escape) left the ended state. */
  onQuit?: () => void;
}

function EndedPromptRoot({ className, onRestarted, onQuit }: SessionEndedPromptProps) {
  const { client } = useImpersonationContext();
  const { state } = useImpersonation();
  // A restart in flight keeps the ended session in the store: the prompt stays open, pending.
  const restarting = state.status === 'starting' && state.session !== null;
  const session = state.session;
  if ((state.status !== 'ended' && !restarting) || session === null) return null;

  const quit = () => {
    if (restarting) return;
    client.session.dismiss();
    onQuit?.();
  };

  return (
    <Dialog.Root
      open
      onOpenChange={(open) => {
        // Escape is Quit; the overlay is no way out of an alertdialog.
        if (!open) quit();
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="ik-dialog-overlay ik-ended-prompt__overlay" />
        <EndedPromptContent
          key={session.id}
          session={session}
          endReason={state.endReason ?? 'ended'}
          restarting={restarting}
          className={className}
          onRestarted={onRestarted}
          onQuit={quit}
        />
      </Dialog.Portal>
    </Dialog.Root>
  );
}

const NO_CLASS_NAMES = {};
const keepCode = () => {};

interface EndedPromptContentProps {
  session: Session;
  endReason: EndReason;
  restarting: boolean;
  className: string | undefined;
  onRestarted: ((session: Session) => void) | undefined;
  onQuit: () => void;
}

function EndedPromptContent({ session, endReason, restarting, className, onRestarted, onQuit }: EndedPromptContentProps) {
  const { client, t } = useImpersonationContext();
  const { policy } = useViewer();
  const eligibility = useEligibility(session.target.id);
  const windowOpen = useRestartWindowOpen(client);
  const [restartError, setRestartError] = useState<ImpersonationError | null>(null);
  const [code, setCode] = useState('');
  const [codeMissing, setCodeMissing] = useState(false);
  const id = useId();
  const contentRef = useRef<HTMLDivElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const restartRef = useRef<HTMLButtonElement>(null);
  const quitRef = useRef<HTMLButtonElement>(null);
  const mounted = useRef(false);
  const openerRef = useRef<Element | null>(null);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // The cached eligibility was read while the session ran (it said "already impersonating"):
  // only a fresh answer decides, and meanwhile the last decided one stays on screen.
  const policyAllows = policy === null ? null : policy.session.restartAllowed;
  const checking = policyAllows === null || (policyAllows && (eligibility.isLoading || eligibility.isFetching));
  // A failed check does not hide Restart: the server decides, and the prompt shows its refusal.
  const decided = checking ? null : policyAllows === true && (eligibility.allowed || eligibility.error !== null);
  const [lastDecided, setLastDecided] = useState<boolean | null>(null);
  if (decided !== null && decided !== lastDecided) setLastDecided(decided);
  // The window closes while the prompt is open; a restart in flight keeps its button (the store is not `ended` then).
  const canRestart = (decided ?? lastDecided ?? false) && (windowOpen || restarting);
  const stepUp = policy?.stepUp.required === true;
  const codeRefused = restartError?.code === 'step_up_invalid' || restartError?.code === 'step_up_required';

  // Focus goes to the first action once it is known; when Restart goes away under focus, to Quit.
  useLayoutEffect(() => {
    // First, where the user was when the session ended (before Radix moves focus in): it goes back there.
    openerRef.current ??= document.activeElement;
    const content = contentRef.current;
    if (checking || !content) return;
    const active = content.ownerDocument.activeElement;
    if (active === null || active === content || !content.contains(active)) (codeRef.current ?? restartRef.current ?? quitRef.current)?.focus();
  }, [checking, canRestart]);

  const state = restarting ? 'restarting' : 'ended';
  const restart = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (restarting || !canRestart) return;
    if (checkStepUpCode(stepUp, code)) {
      // Said beside the field; no request goes out without the code the server will ask for.
      setCodeMissing(true);
      codeRef.current?.focus();
      return;
    }
    setRestartError(null);
    client.session.restart(stepUp ? { stepUpCode: code.trim() } : undefined).then(
      (next) => onRestarted?.(next),
      (cause: unknown) => {
        if (!mounted.current) return;
        const error = toImpersonationError(cause);
        setRestartError(error);
        // A refused code is kept, focused and selected, so the next try is typed over it.
        if (error.code === 'step_up_invalid' || error.code === 'step_up_required') {
          codeRef.current?.focus();
          codeRef.current?.select();
        }
      },
    );
  };

  return (
    <Dialog.Content
      ref={contentRef}
      role="alertdialog"
      aria-modal="true"
      className={clsx('ik-dialog-content ik-ended-prompt', className)}
      data-reason={endReason}
      data-pending={restarting || undefined}
      onOpenAutoFocus={(event) => {
        // Restart may not be known yet: hold focus on the dialog itself until it is.
        event.preventDefault();
        contentRef.current?.focus();
      }}
      onCloseAutoFocus={(event) => {
        // After End session that place is gone; once restarted, the new banner's End session is next.
        event.preventDefault();
        const opener = openerRef.current;
        const back = opener instanceof HTMLElement && opener.isConnected && opener !== document.body ? opener : document.querySelector<HTMLElement>('.ik-banner__end');
        (back ?? mainLandmark())?.focus();
      }}
      onPointerDownOutside={(event) => event.preventDefault()}
      onInteractOutside={(event) => event.preventDefault()}
    >
      <Dialog.Title className="ik-dialog-title ik-ended-prompt__title" data-state={state}>
        {t('endedPrompt.title')}
      </Dialog.Title>
      <Dialog.Description className="ik-dialog-description ik-ended-prompt__reason" data-state={state} data-reason={endReason}>
        {t(endReasonMessageKey(endReason), { name: session.target.name })}
      </Dialog.Description>
      <p className="ik-ended-prompt__target" data-state={state}>
        {t('endedPrompt.target', { name: session.target.name, email: session.target.email })}
      </p>
      {restartError !== null && (
        <p role="alert" className="ik-ended-prompt__error" data-state={state}>
          {t('endedPrompt.restartFailed', { error: t(errorMessageKey(restartError.code)) })}
        </p>
      )}
      <form className="ik-ended-prompt__form" data-state={state} noValidate onSubmit={restart}>
        {canRestart && stepUp ? (
          // The reason dialog's code field, with its words: one second-factor field across the kit.
          <ReasonField
            id={`${id}-code`}
            name="code"
            label={t('reasonDialog.stepUp')}
            required
            invalid={codeMissing || codeRefused}
            message={codeMissing ? t('reasonDialog.stepUpMissing') : null}
            hint={t('reasonDialog.stepUpHint')}
            classNames={NO_CLASS_NAMES}
            onBlur={keepCode}
          >
            {(props) => (
              <input
                {...props}
                ref={codeRef}
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                value={code}
                // Read-only, not disabled, while the restart runs: a disabled field would drop the focus.
                readOnly={restarting}
                onChange={(event) => {
                  setCode(event.target.value);
                  setCodeMissing(false);
                  setRestartError(null);
                }}
              />
            )}
          </ReasonField>
        ) : null}
        <div className="ik-dialog-actions ik-ended-prompt__actions" data-state={state}>
          {canRestart && (
            <button
              ref={restartRef}
              type="submit"
              className="ik-button ik-ended-prompt__restart"
              data-variant="primary"
              data-state={state}
              aria-disabled={restarting || undefined}
              aria-busy={restarting || undefined}
            >
              {restarting ? t('endedPrompt.restarting') : t('endedPrompt.restart')}
            </button>
          )}
          <button
            ref={quitRef}
            type="button"
            className="ik-button ik-ended-prompt__quit"
            data-state={state}
            aria-disabled={restarting || undefined}
            onClick={onQuit}
          >
            {t('endedPrompt.quit')}
          </button>
        </div>
      </form>
    </Dialog.Content>
  );
}

/**
 * Whether Restart may still be offered for the ended session: read on each tick of the client's
 * shared ticker (no timer of its own), re-rendering only when the answer flips.
 */
function useRestartWindowOpen(client: ImpersonationClient): boolean {
  return useSyncExternalStore(client.ticker.subscribe, () => client.session.restartRemainingMs() > 0, () => false);
}

/** The page's main landmark, made focusable, so Quit never leaves keyboard users on <body>. */
function mainLandmark(): HTMLElement | null {
  const main = document.querySelector<HTMLElement>('main, [role="main"]');
  if (main && !main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
  return main;
}

/**
 * The alertdialog that opens whenever a session ends, for any reason, and says why. It offers
 * Restart session (only when the policy allows it, within its restart window, and while the target
 * is still eligible; with the second-factor code where the policy asks for one) and Quit.
 */
export const SessionEndedPrompt = /* @__PURE__ */ guarded<SessionEndedPromptProps>('ended-prompt', EndedPromptRoot);
