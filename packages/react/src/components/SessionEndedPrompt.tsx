'use client';
import { useEffect, useId, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { FormEvent, ReactNode } from 'react';
import * as Dialog from '@radix-ui/react-dialog';
import { clsx } from 'clsx';
import { toImpersonationError } from '@impersonate-kit/sdk';
import type { EndReason, ImpersonationClient, ImpersonationError, Session } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import { useEligibility } from '../hooks/useEligibility';
import { useImpersonation } from '../hooks/useImpersonation';
import { useViewer } from '../hooks/useViewer';
import { endReasonMessageKey, errorMessageKey } from '../messages';
import type { MessageKey } from '../messages';
import { guarded } from './KitBoundary';
import { ReasonField } from './ReasonField';
import { checkStepUpCode, isCodeRefusal } from './stepUpCode';

/** Props of `SessionEndedPrompt`. */
export interface SessionEndedPromptProps {
  className?: string;
  /** Called with the new session after Restart session succeeded. */
  onRestarted?: (session: Session) => void;
  /** Called after "Back to my account" (or Escape), or dismissing the notice, left the ended state. */
  onQuit?: () => void;
}

function EndedPromptRoot({ className, onRestarted, onQuit }: SessionEndedPromptProps) {
  const { client, t } = useImpersonationContext();
  const { state } = useImpersonation();
  // A restart in flight keeps the ended session in the store: the prompt stays open, pending.
  const restarting = state.status === 'starting' && state.session !== null;
  const session = (state.status === 'ended' || restarting) && state.session !== null ? state.session : null;
  const endReason = state.endReason ?? 'ended';
  // The admin's own End session is no surprise: a polite notice, not a modal.
  const notice = session !== null && endReason === 'ended';

  const quit = () => {
    if (restarting) return;
    client.session.dismiss();
    onQuit?.();
  };

  return (
    <>
      {/* Always in the page, so its text is announced when it arrives; invisible while empty. */}
      <div className={clsx('ik-ended-notice', className, !notice && 'ik-visually-hidden')}>
        <p role="status" aria-live="polite" className="ik-ended-notice__text">
          {notice ? t('endedPrompt.backAs', { name: session.impersonator.name }) : ''}
        </p>
        {notice && (
          <RestartForm key={session.id} session={session} restarting={restarting} onRestarted={onRestarted}>
            <button
              type="button"
              className="ik-button ik-ended-notice__dismiss"
              aria-disabled={restarting || undefined}
              onClick={() => {
                // Dismiss takes itself away: focus goes to the page's main landmark, never to <body>.
                if (restarting) return;
                quit();
                mainLandmark()?.focus();
              }}
            >
              {t('endedPrompt.dismiss')}
            </button>
          </RestartForm>
        )}
      </div>
      {session !== null && !notice && (
        <Dialog.Root
          open
          onOpenChange={(open) => {
            // Escape is "Back to my account"; the overlay is no way out of an alertdialog.
            if (!open) quit();
          }}
        >
          <Dialog.Portal>
            <Dialog.Overlay className="ik-dialog-overlay ik-ended-prompt__overlay" />
            <EndedPromptContent key={session.id} session={session} endReason={endReason} restarting={restarting} className={className} onRestarted={onRestarted} onQuit={quit} />
          </Dialog.Portal>
        </Dialog.Root>
      )}
    </>
  );
}

/** Focus lost with the End session button (the notice takes none): the page's main landmark gets it. */
function useKeepFocusOnPage(active: boolean) {
  useEffect(() => {
    const focused = document.activeElement;
    if (active && (focused === null || focused === document.body)) mainLandmark()?.focus();
  }, [active]);
}

interface EndedPromptContentProps {
  session: Session;
  endReason: EndReason;
  restarting: boolean;
  className: string | undefined;
  onRestarted: ((session: Session) => void) | undefined;
  onQuit: () => void;
}

/** Why the session ended, in words; a consent that ran out is told apart from the time limit. */
function causeKey(session: Session, endReason: EndReason): MessageKey {
  return endReason === 'expired' && session.expiresBecause === 'consent' ? 'endedPrompt.consentLapsed' : endReasonMessageKey(endReason);
}

function EndedPromptContent({ session, endReason, restarting, className, onRestarted, onQuit }: EndedPromptContentProps) {
  const { t } = useImpersonationContext();
  const contentRef = useRef<HTMLDivElement>(null);
  const backRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<Element | null>(null);
  // Where the user was when the session ended (before Radix moves focus in): it goes back there.
  useLayoutEffect(() => {
    openerRef.current ??= document.activeElement;
  }, []);
  const state = restarting ? 'restarting' : 'ended';

  return (
    <Dialog.Content
      ref={contentRef}
      role="alertdialog"
      aria-modal="true"
      className={clsx('ik-dialog-content ik-ended-prompt', className)}
      data-reason={endReason}
      data-pending={restarting || undefined}
      onOpenAutoFocus={(event) => {
        // The safe action first: Enter must never put the admin back into someone else's account.
        event.preventDefault();
        backRef.current?.focus();
      }}
      onCloseAutoFocus={(event) => {
        // Once restarted, the new banner's End session is next; otherwise where the user was, or the main landmark.
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
      <Dialog.Description className="ik-ended-prompt__reason" data-state={state} data-reason={endReason}>
        {t(causeKey(session, endReason), { name: session.target.name })}
      </Dialog.Description>
      <p className="ik-ended-prompt__target" data-state={state}>
        {t('endedPrompt.target', { name: session.target.name, email: session.target.email })}
      </p>
      <RestartForm session={session} restarting={restarting} onRestarted={onRestarted} after>
        <button
          ref={backRef}
          type="button"
          className="ik-button ik-ended-prompt__quit"
          data-variant="primary"
          data-state={state}
          aria-disabled={restarting || undefined}
          onClick={onQuit}
        >
          {t('endedPrompt.back')}
        </button>
      </RestartForm>
    </Dialog.Content>
  );
}

const NO_CLASS_NAMES = {};
const keepCode = () => {};

interface RestartFormProps {
  session: Session;
  restarting: boolean;
  onRestarted: ((session: Session) => void) | undefined;
  /** The way out, beside Restart session. */
  children: ReactNode;
  /** Restart after the way out (in the dialog, where the way out is the primary action). */
  after?: boolean;
}

/**
 * Restart session, quietly offered: only when the policy allows it, within its restart window and
 * while the target is still eligible, with the second-factor code inline where the policy asks for it.
 */
function RestartForm({ session, restarting, onRestarted, children, after }: RestartFormProps) {
  const { client, t } = useImpersonationContext();
  const { policy } = useViewer();
  const eligibility = useEligibility(session.target.id);
  const windowOpen = useRestartWindowOpen(client);
  const [restartError, setRestartError] = useState<ImpersonationError | null>(null);
  const [code, setCode] = useState('');
  const [codeMissing, setCodeMissing] = useState(false);
  const id = useId();
  const codeRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useKeepFocusOnPage(!after);

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
  const codeRefused = isCodeRefusal(restartError?.code);
  const state = restarting ? 'restarting' : 'ended';

  // Restart went away under the focus (refused, or its window closed): the way out takes it, never <body>.
  const offered = useRef(false);
  useLayoutEffect(() => {
    const form = formRef.current;
    const active = form?.ownerDocument.activeElement;
    if (offered.current && !canRestart && form && !form.contains(active ?? null)) {
      if (after || active === form.ownerDocument.body) form.querySelector<HTMLElement>('.ik-ended-prompt__actions > button')?.focus();
    }
    offered.current = canRestart;
  }, [canRestart, after]);

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
      // Gone meanwhile: React drops the state and the detached ref is null, so nothing moves.
      (cause: unknown) => {
        const error = toImpersonationError(cause);
        setRestartError(error);
        // A refused code is kept, focused and selected, so the next try is typed over it.
        if (isCodeRefusal(error.code)) {
          codeRef.current?.focus();
          codeRef.current?.select();
        }
      },
    );
  };

  const restartButton = canRestart && (
    // Busy, not aria-disabled: a pending restart keeps full contrast (a second press is ignored above).
    <button type="submit" className="ik-button ik-ended-prompt__restart" data-state={state} aria-busy={restarting || undefined}>
      {restarting ? t('endedPrompt.restarting') : t('endedPrompt.restart')}
    </button>
  );

  return (
    <form ref={formRef} className="ik-ended-prompt__form" data-state={state} noValidate onSubmit={restart}>
      {restartError !== null && (
        <p role="alert" className="ik-ended-prompt__error" data-state={state}>
          {t('endedPrompt.restartFailed', { error: t(errorMessageKey(restartError.code)) })}
        </p>
      )}
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
      <div className={clsx('ik-ended-prompt__actions', after && 'ik-dialog-actions')} data-state={state}>
        {!after && restartButton}
        {children}
        {after && restartButton}
      </div>
    </form>
  );
}

/**
 * Whether Restart may still be offered for the ended session: read on each tick of the client's
 * shared ticker (no timer of its own), re-rendering only when the answer flips.
 */
function useRestartWindowOpen(client: ImpersonationClient): boolean {
  return useSyncExternalStore(client.ticker.subscribe, () => client.session.restartRemainingMs() > 0, () => false);
}

/** The page's main landmark, made focusable, so leaving the ended state never strands keyboard users on <body>. */
function mainLandmark(): HTMLElement | null {
  const main = document.querySelector<HTMLElement>('main, [role="main"]');
  if (main && !main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
  return main;
}

/**
 * What follows the end of a session. After the admin's own End session: a polite notice, "You're
 * back as {name}", with a quiet Restart session while the window lasts and Dismiss. After an end the
 * admin did not choose: an alertdialog that names the cause, focused on "Back to my account", with
 * Restart session secondary.
 */
export const SessionEndedPrompt = /* @__PURE__ */ guarded<SessionEndedPromptProps>('ended-prompt', EndedPromptRoot);
