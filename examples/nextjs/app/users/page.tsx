// The account's users, each with an actions menu that holds "Impersonate user".
import { USERS } from '@/lib/directory';
import { requireActor } from '../signedIn';
import { UserActions } from './UserActions';

export default async function UsersPage() {
  await requireActor();
  return (
    <>
      <h1>Users</h1>
      <table className="table">
        <caption className="visually-hidden">Users of this account</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Roles</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {USERS.map((user) => (
            <tr key={user.id}>
              <th scope="row">{user.name}</th>
              <td>{user.email}</td>
              <td>{user.roles.join(', ')}</td>
              <td>{user.status}</td>
              <td>
                <UserActions user={user} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
