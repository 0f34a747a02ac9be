// The host's own data: its users (the kit's default cast) and each user's projects. A product reads
// these from its database; the example keeps them in memory so it runs with nothing else installed.
import type { UserSummary } from '@impersonate-kit/sdk';

/** Everyone in the account: owner and admins can impersonate; the rest are targets of each kind. */
export const USERS: readonly UserSummary[] = [
  { id: 'u_owner', name: 'Olivia Owner', email: 'olivia@acme.test', roles: ['owner', 'admin'], status: 'active', lastLoginAt: '2026-01-12T08:30:00.000Z' },
  { id: 'u_admin', name: 'Adam Admin', email: 'adam@acme.test', roles: ['admin', 'super_admin'], status: 'active', lastLoginAt: '2026-01-12T09:05:00.000Z' },
  { id: 'u_ada', name: 'Ada Admin', email: 'ada@acme.test', roles: ['admin'], status: 'active', lastLoginAt: '2026-01-10T14:20:00.000Z' },
  { id: 'u_alice', name: 'Alice Analyst', email: 'alice@acme.test', roles: ['member'], status: 'active', lastLoginAt: '2026-01-11T16:45:00.000Z' },
  { id: 'u_bob', name: 'Bob Viewer', email: 'bob@acme.test', roles: ['viewer'], status: 'active', lastLoginAt: '2026-01-09T11:00:00.000Z' },
  { id: 'u_bill', name: 'Bill Payer', email: 'bill@acme.test', roles: ['member', 'billing'], status: 'active', lastLoginAt: '2026-01-08T10:10:00.000Z' },
  { id: 'u_nora', name: 'Nora New', email: 'nora@acme.test', roles: ['member'], status: 'active', lastLoginAt: null },
  { id: 'u_sam', name: 'Sam Suspended', email: 'sam@acme.test', roles: ['member'], status: 'suspended', lastLoginAt: '2025-11-30T12:00:00.000Z' },
];

const PROJECTS: readonly { ownerId: string; name: string }[] = [
  { ownerId: 'u_owner', name: 'Acme Website' },
  { ownerId: 'u_owner', name: 'Quarterly Planning' },
  { ownerId: 'u_admin', name: 'Admin Console Revamp' },
  { ownerId: 'u_ada', name: 'Security Review' },
  { ownerId: 'u_alice', name: 'Churn Analysis' },
  { ownerId: 'u_alice', name: 'Funnel Dashboard' },
  { ownerId: 'u_alice', name: 'Customer Interviews' },
  { ownerId: 'u_bob', name: 'Read-only Reports' },
  { ownerId: 'u_bill', name: 'Invoices 2026' },
  { ownerId: 'u_sam', name: 'Legacy Import' },
];

/** A copy of the user with this id, or null. */
export function findUser(id: string): UserSummary | null {
  const user = USERS.find((candidate) => candidate.id === id);
  return user ? structuredClone(user) : null;
}

/** The names of the projects `userId` owns. */
export function projectsOf(userId: string): string[] {
  return PROJECTS.filter((project) => project.ownerId === userId).map((project) => project.name);
}
