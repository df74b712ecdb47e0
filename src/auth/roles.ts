/** The roles of SPEC §1. Who may do what is declared per route, in one table (see http/routes). */
export const ROLES = ['admin', 'staff', 'auditor', 'patron'] as const;
export type Role = (typeof ROLES)[number];

/** The user a request acts as, read from the database on every request (never from the token alone). */
export interface AuthenticatedUser {
  id: number;
  email: string;
  role: Role;
  name: string | null;
  patronId: number | null;
}

/** Staff and admins see full IINs; every other role sees them masked. */
export function seesFullIin(user: AuthenticatedUser): boolean {
  return user.role === 'admin' || user.role === 'staff';
}

/** Who asks, and the request that carries the ask (both recorded on the entries it writes). */
export interface Requester {
  user: AuthenticatedUser;
  requestId: string;
}
