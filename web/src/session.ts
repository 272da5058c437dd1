/**
 * The API client the pages share, and the session it keeps in the browser's storage so that a reload
 * (or another tab) stays signed in. A refresh token is good once: when another tab refreshes, this
 * tab takes the new session from storage instead of spending the old token.
 */
import { createShopClient, type Session, type ShopClient } from '@shop/client';

const KEY = 'shop.session';

export const SESSION_STORAGE_KEY = KEY;

export function readSession(storage: Pick<Storage, 'getItem'>): Session | undefined {
  try {
    const stored = JSON.parse(storage.getItem(KEY) ?? 'null') as Partial<Session> | null;
    if (typeof stored?.accessToken !== 'string' || typeof stored.refreshToken !== 'string' || typeof stored.expiresAt !== 'number') return undefined;
    return { accessToken: stored.accessToken, refreshToken: stored.refreshToken, expiresAt: stored.expiresAt };
  } catch {
    return undefined;
  }
}

/** A client on `apiUrl` that starts from the stored session and stores every new one (and its end). */
export function connect(apiUrl: string, storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>, onChange: (session: Session | undefined) => void): ShopClient {
  const session = readSession(storage);
  return createShopClient({
    baseUrl: apiUrl,
    ...(session === undefined ? {} : { session }),
    onSession: (next) => {
      if (next === undefined) storage.removeItem(KEY);
      else storage.setItem(KEY, JSON.stringify(next));
      onChange(next);
    },
  });
}
