import jwt from 'jsonwebtoken';
import { UnauthenticatedError } from '../errors/unauthenticated-error.js';
import type { Role } from './roles.js';

/** Login tokens: HS256 JWTs naming the user; the role inside is informative, the database decides. */
export class TokenIssuer {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {}

  issue(user: { id: number; role: Role }): string {
    return jwt.sign({ role: user.role }, this.secret, {
      algorithm: 'HS256',
      subject: String(user.id),
      expiresIn: this.ttlSeconds,
      issuer: 'jomart-ledger',
    });
  }

  /**
   * The user id inside a valid token; UNAUTHENTICATED for anything else (alg none, wrong key,
   * expired, not yet valid, or without an expiry: a token that never expires is none we gave out).
   */
  userIdOf(token: string): number {
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: 'jomart-ledger' });
      if (typeof payload !== 'object' || typeof payload.exp !== 'number') throw new Error('no expiry');
      const userId = Number(payload.sub);
      if (!Number.isSafeInteger(userId) || userId <= 0) throw new Error('no subject');
      return userId;
    } catch (error) {
      const expired = error instanceof jwt.TokenExpiredError;
      throw new UnauthenticatedError(
        expired ? 'the token has expired: log in again' : 'the token is not valid',
      );
    }
  }
}
