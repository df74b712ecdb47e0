import type { RequestHandler } from 'express';
import type { UserService } from './user-service.js';

/**
 * Runs in front of `POST /v1/auth/login`: counts the attempt against the client's address before
 * the route checks any password (refusing it with 429 when the address has failed too often), and
 * takes the attempt back once the login has answered anything but 401 — a success, or a request
 * refused before any password was checked (bad body, the account's own throttle). The address is
 * the socket's: `trust proxy` is off, so a client cannot pick its own address with X-Forwarded-For.
 */
const COUNTED_STATUS = 401;

export function loginThrottleByAddress(
  users: UserService,
  onError: (error: unknown) => void,
): RequestHandler {
  return async (request, response, next) => {
    const address = request.socket.remoteAddress ?? 'unknown';
    await users.claimLoginFromAddress(address);
    response.on('finish', () => {
      if (response.statusCode !== COUNTED_STATUS) users.releaseLoginFromAddress(address).catch(onError);
    });
    next();
  };
}
