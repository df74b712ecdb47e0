import { type ComponentChildren, createContext } from 'preact';
import { useContext, useMemo, useState } from 'preact/hooks';
import { setApiToken } from './api';
import type { LoginResult, User } from './types';

/**
 * Who is signed in. The token lives in sessionStorage (this tab only, gone when it closes) and is
 * short-lived; when the API says it has ended, `expired` asks for the password again over the open
 * page, so whatever a form holds is still there after signing in.
 */
const STORAGE_KEY = 'jomart.session';

export interface Session {
  user: User | null;
  expired: boolean;
  signIn(result: LoginResult): void;
  signOut(): void;
}

interface Stored {
  token: string;
  user: User;
}

/** The token's own expiry (its `exp`), read without checking the signature: only to skip a dead one. */
function expiresAtMs(token: string): number {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return typeof json.exp === 'number' ? json.exp * 1000 : Number.POSITIVE_INFINITY;
  } catch {
    return 0;
  }
}

function readStored(): Stored | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Stored | null;
    if (!stored?.token || !stored.user) return null;
    return expiresAtMs(stored.token) > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

function write(stored: Stored | null): void {
  try {
    if (stored) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Without storage the session lasts until the page is reloaded.
  }
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [stored, setStored] = useState<Stored | null>(readStored);
  const [expired, setExpired] = useState(false);
  setApiToken(stored?.token ?? null, () => setExpired(true));
  const session = useMemo<Session>(
    () => ({
      user: stored?.user ?? null,
      expired,
      signIn(result) {
        const next = { token: result.token, user: result.user };
        write(next);
        setApiToken(next.token, () => setExpired(true));
        setStored(next);
        setExpired(false);
      },
      signOut() {
        write(null);
        setApiToken(null, () => {});
        setStored(null);
        setExpired(false);
      },
    }),
    [stored, expired],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user of a page that is only shown to signed-in users. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('this page needs a signed-in user');
  return user;
}
