// Proves that TokenIssuer gives out HS256 tokens naming the user and reads back only its own,
// unexpired, HS256-signed tokens with a positive integer subject.
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { TokenIssuer } from '../../src/auth/token.js';
import { UnauthenticatedError } from '../../src/errors/unauthenticated-error.js';

const SECRET = 'unit-test-secret-that-is-long-enough-0123456789';
const ISSUER = 'jomart-ledger';
const TTL_SECONDS = 900;

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function sign(payload: object, options: jwt.SignOptions = {}, secret = SECRET): string {
  return jwt.sign(payload, secret, { algorithm: 'HS256', issuer: ISSUER, expiresIn: 60, ...options });
}

describe('TokenIssuer', () => {
  const issuer = new TokenIssuer(SECRET, TTL_SECONDS);

  it('TokenIssuer — issue then userIdOf — the same user id', () => {
    const token = issuer.issue({ id: 42, role: 'staff' });
    expect(issuer.userIdOf(token)).to.equal(42);
  });

  it('TokenIssuer.issue — a staff user — HS256, sub, role, issuer and an expiry ttl seconds ahead', () => {
    const token = issuer.issue({ id: 7, role: 'auditor' });
    const decoded = jwt.decode(token, { complete: true });
    expect(decoded?.header).to.include({ alg: 'HS256', typ: 'JWT' });
    const payload = decoded?.payload as jwt.JwtPayload;
    expect(payload).to.include({ sub: '7', role: 'auditor', iss: ISSUER });
    expect((payload.exp as number) - (payload.iat as number)).to.equal(TTL_SECONDS);
    expect(Math.abs((payload.iat as number) - Date.now() / 1000)).to.be.below(5);
  });

  it('TokenIssuer.userIdOf — a token of another issuer instance with the same key — accepted', () => {
    const other = new TokenIssuer(SECRET, 60);
    expect(issuer.userIdOf(other.issue({ id: 3, role: 'admin' }))).to.equal(3);
  });

  it('TokenIssuer.userIdOf — signed with the secret as a string (as processes before the key object did) — accepted', () => {
    // In a rolling deploy old and new processes share JWT_SECRET: each must read the other's tokens.
    expect(issuer.userIdOf(sign({ role: 'staff' }, { subject: '12' }))).to.equal(12);
    const unicodeSecret = 'жетоннің-құпия-кілті-that-is-long-enough-0123456789';
    const token = jwt.sign({ role: 'staff' }, unicodeSecret, {
      algorithm: 'HS256',
      issuer: ISSUER,
      subject: '4',
      expiresIn: 60,
    });
    expect(new TokenIssuer(unicodeSecret, 60).userIdOf(token)).to.equal(4);
  });

  it('TokenIssuer.userIdOf — a token signed with another key — UNAUTHENTICATED, not valid', () => {
    const token = new TokenIssuer('another-secret-that-is-long-enough-abcdefgh', 60).issue({
      id: 1,
      role: 'admin',
    });
    expect(() => issuer.userIdOf(token)).to.throw(UnauthenticatedError, 'the token is not valid');
  });

  it('TokenIssuer.userIdOf — an alg none token — UNAUTHENTICATED', () => {
    const now = Math.floor(Date.now() / 1000);
    const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: '1', role: 'admin', iss: ISSUER, iat: now, exp: now + 60 })}.`;
    expect(() => issuer.userIdOf(token)).to.throw(UnauthenticatedError, 'the token is not valid');
  });

  it('TokenIssuer.userIdOf — HS512 with the right key — UNAUTHENTICATED', () => {
    const token = sign({ role: 'staff' }, { subject: '1', algorithm: 'HS512' });
    expect(() => issuer.userIdOf(token)).to.throw(UnauthenticatedError);
  });

  it('TokenIssuer.userIdOf — an expired token — UNAUTHENTICATED saying it expired', () => {
    const past = Math.floor(Date.now() / 1000) - 1;
    const token = jwt.sign({ role: 'staff', iat: past - 60, exp: past }, SECRET, {
      algorithm: 'HS256',
      issuer: ISSUER,
      subject: '1',
    });
    expect(() => issuer.userIdOf(token)).to.throw(UnauthenticatedError, /expired/);
  });

  it('TokenIssuer.userIdOf — a zero ttl — already expired', () => {
    const token = new TokenIssuer(SECRET, 0).issue({ id: 1, role: 'staff' });
    expect(() => issuer.userIdOf(token)).to.throw(UnauthenticatedError, /expired/);
  });

  it('TokenIssuer.userIdOf — another issuer claim — UNAUTHENTICATED', () => {
    const token = sign({ role: 'staff' }, { subject: '1', issuer: 'someone-else' });
    expect(() => issuer.userIdOf(token)).to.throw(UnauthenticatedError, 'the token is not valid');
  });

  it('TokenIssuer.userIdOf — a payload changed after signing — UNAUTHENTICATED', () => {
    const [header, , signature] = issuer.issue({ id: 5, role: 'staff' }).split('.');
    const now = Math.floor(Date.now() / 1000);
    const forged = `${header}.${base64url({ sub: '1', role: 'admin', iss: ISSUER, iat: now, exp: now + 900 })}.${signature}`;
    expect(() => issuer.userIdOf(forged)).to.throw(UnauthenticatedError, 'the token is not valid');
  });

  const badSubjects: ReadonlyArray<[string, jwt.SignOptions]> = [
    ['no sub', {}],
    ['sub 0', { subject: '0' }],
    ['sub -3', { subject: '-3' }],
    ['sub 1.5', { subject: '1.5' }],
    ['sub beyond safe integers', { subject: '9007199254740993' }],
    ['sub "admin"', { subject: 'admin' }],
    ['an empty sub', { subject: '' }],
  ];
  for (const [scenario, options] of badSubjects) {
    it(`TokenIssuer.userIdOf — ${scenario} — UNAUTHENTICATED`, () => {
      expect(() => issuer.userIdOf(sign({ role: 'staff' }, options))).to.throw(UnauthenticatedError);
    });
  }

  for (const garbage of ['', 'garbage', 'a.b.c', 'Bearer x.y.z']) {
    it(`TokenIssuer.userIdOf — "${garbage}" — UNAUTHENTICATED`, () => {
      expect(() => issuer.userIdOf(garbage)).to.throw(UnauthenticatedError);
    });
  }
});
