import { useQuery } from '@tanstack/react-query';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { UserSummary } from '@impersonate-kit/sdk';
import { ImpersonateMenuItem, usePrefetchEligibility } from '@impersonate-kit/react';
import { appApi } from '../appApi';

function lastLogin(user: UserSummary): string {
  return user.lastLoginAt ? new Date(user.lastLoginAt).toLocaleDateString() : 'Never';
}

/** The account's users, each with a kebab menu that holds "Impersonate user". */
export function UsersPage() {
  const prefetchEligibility = usePrefetchEligibility();
  // The rows' eligibility loads with the list, in one request, so no menu ever opens on "Checking…".
  const users = useQuery({
    queryKey: ['app', 'users'],
    queryFn: async () => {
      const list = await appApi.users();
      await prefetchEligibility(list.map((user) => user.id));
      return list;
    },
  });
  if (users.isPending) return <p role="status">Loading users…</p>;
  if (users.isError) return <p role="alert">Couldn't load users: {users.error.message}</p>;
  return (
    <table className="data-table">
      <caption className="visually-hidden">Users of this account</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Roles</th>
          <th scope="col">Status</th>
          <th scope="col">Last sign-in</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {users.data.map((user) => (
          <tr key={user.id}>
            <th scope="row">{user.name}</th>
            <td>{user.email}</td>
            <td>{user.roles.join(', ')}</td>
            <td>{user.status}</td>
            <td>{lastLogin(user)}</td>
            <td>
              <DropdownMenu.Root modal={false}>
                <DropdownMenu.Trigger className="kebab" aria-label={`Actions for ${user.name}`}>
                  ⋮
                </DropdownMenu.Trigger>
                {/* Rendered in place rather than in a portal so the menu stays inside the page's landmarks. */}
                <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
                  <DropdownMenu.Item className="menu__item" onSelect={() => void navigator.clipboard?.writeText(user.email)}>
                    Copy email
                  </DropdownMenu.Item>
                  <ImpersonateMenuItem user={user} asChild>
                    <DropdownMenu.Item className="menu__item" />
                  </ImpersonateMenuItem>
                </DropdownMenu.Content>
              </DropdownMenu.Root>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
