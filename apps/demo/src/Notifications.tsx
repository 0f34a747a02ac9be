import { useId, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EndReason } from '@impersonate-kit/sdk';
import type { DemoNotification } from './demoApi';
import { demoApi } from './demoApi';

const ENDED_BECAUSE: Record<EndReason, string> = {
  ended: 'They ended the session.',
  expired: 'The session reached its time limit.',
  idle_timeout: 'The session ended after a period of inactivity.',
  consent_revoked: 'You revoked your consent.',
  target_unavailable: 'Your account became unavailable.',
  logged_out: 'They signed out.',
};

const QUERY_KEY = ['demo', 'notifications'];

function when(iso: string): string {
  return new Date(iso).toLocaleString();
}

function Item({ notification: n }: { notification: DemoNotification }) {
  return (
    <li className="notifications__item" data-read={n.read ? 'true' : 'false'}>
      {n.type === 'session_started' && (
        <>
          <p>
            <strong>{n.impersonator.name}</strong> started impersonating you.
          </p>
          <p>Reason: {n.reason ? `${n.reasonCategory ? `${n.reasonCategory}: ` : ''}${n.reason}` : 'none given'}</p>
          <a href={`#/audit?session=${encodeURIComponent(n.sessionId)}`}>See what they do in this session</a>
        </>
      )}
      {n.type === 'session_ended' && (
        <>
          <p>
            <strong>{n.impersonator.name}</strong> stopped impersonating you. {ENDED_BECAUSE[n.endReason]}
          </p>
          {n.reason && <p>Reason given: {n.reason}</p>}
          <a href={`#/audit?session=${encodeURIComponent(n.sessionId)}`}>See what they did in this session</a>
        </>
      )}
      {n.type === 'consent_granted' && (
        <>
          <p>
            <strong>{n.user.name}</strong> allowed impersonation{n.expiresAt ? ` until ${when(n.expiresAt)}` : ''}.
          </p>
          <a href="#/users">Go to Users</a>
        </>
      )}
      <p className="notifications__time">
        <time dateTime={n.at}>{when(n.at)}</time>
      </p>
    </li>
  );
}

/** The signed-in user's in-app notifications, from the demo server (fed by the impersonation hooks). */
export function Notifications() {
  const panel = useId();
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  // Polled, and refetched when the tab regains focus, so a notice shows within seconds.
  const inbox = useQuery({ queryKey: QUERY_KEY, queryFn: demoApi.notifications, refetchInterval: 3_000, refetchOnWindowFocus: true, staleTime: 0 });
  const markRead = useMutation({ mutationFn: demoApi.markNotificationsRead, onSuccess: () => void queryClient.invalidateQueries({ queryKey: QUERY_KEY }) });
  const unread = inbox.data?.unread ?? 0;
  const items = inbox.data?.items ?? [];

  const toggle = () => {
    if (!open && unread > 0) markRead.mutate();
    setOpen(!open);
  };

  return (
    <div className="notifications">
      <button type="button" className="notifications__button" aria-expanded={open} aria-controls={panel} onClick={toggle}>
        Notifications{unread > 0 ? ` (${unread} new)` : ''}
      </button>
      {/* Announces new notices without moving focus. */}
      <span className="visually-hidden" role="status">
        {unread > 0 ? `${unread} new notification${unread === 1 ? '' : 's'}` : ''}
      </span>
      <section id={panel} className="notifications__panel" aria-label="Notifications" hidden={!open}>
        {items.length === 0 ? (
          <p>No notifications.</p>
        ) : (
          <ul className="notifications__list">
            {items.map((notification) => (
              <Item key={notification.id} notification={notification} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
