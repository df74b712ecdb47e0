/**
 * What the browser bundle gets for `node:crypto` (see vite.config.ts). src/people/tax-id.ts shares
 * its check-digit code with the console; its keyed hash is server-only and never runs here.
 */
export function createHmac(): never {
  throw new Error('createHmac is server-only: the console never hashes an IIN');
}
