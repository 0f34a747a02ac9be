// Pick who to be: the example's stand-in for the product's sign-in form.
import { USERS } from '@/lib/directory';

export default async function SignIn({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  const people = USERS.filter((user) => user.status === 'active');
  return (
    <>
      <h1>Sign in</h1>
      <p>This example signs you in with a signed cookie; a product uses its own auth here.</p>
      {error && <p role="alert">That user cannot sign in.</p>}
      <form action="/api/auth/sign-in" method="post" className="stack">
        <label htmlFor="userId">User</label>
        <select id="userId" name="userId" defaultValue="u_owner">
          {people.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name} ({user.roles.join(', ')})
            </option>
          ))}
        </select>
        <button type="submit" className="button">Sign in</button>
      </form>
    </>
  );
}
