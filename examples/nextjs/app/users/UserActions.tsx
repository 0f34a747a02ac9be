'use client';
// One row's actions menu (Radix DropdownMenu); the kit's item merges into a menu item of the host's own.
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { UserSummary } from '@impersonate-kit/sdk';
import { ImpersonateMenuItem } from '@impersonate-kit/react';

/** The "Actions for {name}" menu: copy the email, or impersonate. */
export function UserActions({ user }: { user: UserSummary }) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger className="kebab" aria-label={`Actions for ${user.name}`}>
        ⋮
      </DropdownMenu.Trigger>
      <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
        <DropdownMenu.Item className="menu__item" onSelect={() => void navigator.clipboard?.writeText(user.email)}>
          Copy email
        </DropdownMenu.Item>
        <ImpersonateMenuItem user={user} asChild>
          <DropdownMenu.Item className="menu__item" />
        </ImpersonateMenuItem>
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  );
}
