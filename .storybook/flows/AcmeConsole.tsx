// A small host page for the Full flow stories, wired the way a product team would: a users list
// with an actions menu per user holding the ImpersonateMenuItem, and the CountdownBanner and
// SessionEndedPrompt at the root. The users are the mock backend's own, handed in by the story.
import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import type { UserSummary } from '../../packages/sdk/src';
import { CountdownBanner, ImpersonateMenuItem, SessionEndedPrompt, useViewer } from '../../packages/react/src';
import './acmeConsole.css';

/** Props of `AcmeConsole`. */
export interface AcmeConsoleProps {
  /** The account's users, from the story's mock backend. */
  users: readonly UserSummary[];
  /** Story-only controls that act as someone else (e.g. the target revoking consent). */
  backstage?: ReactNode;
}

/** Focus moves between the open menu's items with the arrow keys (the ARIA menu pattern). */
function moveFocus(menu: HTMLElement, step: 1 | -1 | 'first' | 'last') {
  const items = Array.from(menu.querySelectorAll<HTMLElement>('[role="menuitem"]'));
  if (items.length === 0) return;
  const current = items.indexOf(document.activeElement as HTMLElement);
  const next =
    step === 'first' ? 0 : step === 'last' ? items.length - 1 : (current + step + items.length) % items.length;
  items[next]?.focus();
}

/** A menu button with a menu of one item: Impersonate user. */
function UserActions({ user }: { user: UserSummary }) {
  const [open, setOpen] = useState(false);
  const buttonId = useId();
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const menu = menuRef.current;
    if (!open || !menu) return undefined;
    moveFocus(menu, 'first');
    // The item renders once the viewer has loaded: focus it when it arrives, unless focus moved on.
    const observer = new MutationObserver(() => {
      const active = document.activeElement;
      if (active === buttonRef.current || active === document.body) moveFocus(menu, 'first');
      if (menu.querySelector('[role="menuitem"]')) observer.disconnect();
    });
    if (!menu.querySelector('[role="menuitem"]')) observer.observe(menu, { childList: true, subtree: true });
    // A press anywhere outside closes the menu, as native menus do.
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      observer.disconnect();
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open]);

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, 1 | -1 | 'first' | 'last'> = { ArrowDown: 1, ArrowUp: -1, Home: 'first', End: 'last' };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      moveFocus(event.currentTarget, move);
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      setOpen(false);
      if (event.key === 'Escape') buttonRef.current?.focus();
    }
  };

  return (
    <div className="acme-actions">
      <button
        ref={buttonRef}
        id={buttonId}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((value) => !value)}
      >
        Actions for {user.name}
      </button>
      {open && (
        <div ref={menuRef} id={menuId} role="menu" aria-labelledby={buttonId} className="acme-menu" onKeyDown={onMenuKeyDown}>
          <ImpersonateMenuItem
            user={user}
            onClick={(event) => {
              // A disabled item keeps the menu open, so its reason stays readable.
              if (event.currentTarget.getAttribute('aria-disabled') !== 'true') setOpen(false);
            }}
          />
        </div>
      )}
    </div>
  );
}

/** "Acme Console": the host app around the kit's components. */
export function AcmeConsole({ users, backstage }: AcmeConsoleProps) {
  const { viewer } = useViewer();
  return (
    <div className="acme-console">
      <CountdownBanner />
      <header className="acme-header">
        <h1>Acme Console</h1>
        {viewer && <p>Signed in as {viewer.user.name}</p>}
      </header>
      <main className="acme-main">
        <h2 id="acme-users">Users</h2>
        <table aria-labelledby="acme-users">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Roles</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <th scope="row">{user.name}</th>
                <td>{user.email}</td>
                <td>{user.roles.join(', ')}</td>
                <td>
                  <UserActions user={user} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </main>
      {backstage && (
        <aside className="acme-backstage" aria-labelledby="acme-backstage">
          <h2 id="acme-backstage">Meanwhile, elsewhere</h2>
          {backstage}
        </aside>
      )}
      <SessionEndedPrompt />
    </div>
  );
}
