// Proves that loadConfig refuses to run in production without a real JWT_SECRET, refuses short
// secrets anywhere, and otherwise gives the documented defaults.
import path from 'node:path';
import { expect } from 'chai';
import { DEFAULT_PORT, loadConfig } from '../src/config.js';

const GOOD_SECRET = 'a-jwt-secret-of-forty-characters-long-01';

describe('loadConfig', () => {
  it('loadConfig — NODE_ENV=production without JWT_SECRET — throws naming JWT_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).to.throw(Error, /JWT_SECRET/);
  });

  it('loadConfig — NODE_ENV=production with an empty JWT_SECRET — throws naming JWT_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: '' })).to.throw(Error, /JWT_SECRET/);
  });

  it('loadConfig — NODE_ENV=production with a long JWT_SECRET — that secret, production', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: GOOD_SECRET });
    expect(config).to.include({ production: true, jwtSecret: GOOD_SECRET, jwtSecretGenerated: false });
  });

  for (const environment of ['production', 'development']) {
    it(`loadConfig — a 31-character JWT_SECRET in ${environment} — throws naming JWT_SECRET and 32`, () => {
      const secret = 'x'.repeat(31);
      expect(() => loadConfig({ NODE_ENV: environment, JWT_SECRET: secret })).to.throw(
        Error,
        /JWT_SECRET.*32/,
      );
    });
  }

  it('loadConfig — a 32-character JWT_SECRET — accepted', () => {
    const secret = 'y'.repeat(32);
    expect(loadConfig({ JWT_SECRET: secret })).to.include({ jwtSecret: secret, jwtSecretGenerated: false });
  });

  it('loadConfig — an empty environment — the defaults: port 3000, threshold 500000.00, SQLite in ./data', () => {
    const config = loadConfig({});
    expect(config.port).to.equal(3000);
    expect(DEFAULT_PORT).to.equal(3000);
    expect(config.aidApprovalThreshold.toString()).to.equal('500000.00');
    expect(config).to.include({
      production: false,
      databaseUrl: undefined,
      dataDir: path.resolve('./data'),
      tokenTtlSeconds: 900,
      passwordHashCost: 2 ** 15,
      personalDataKey: undefined,
      adminEmail: undefined,
      adminPassword: undefined,
      logLevel: 'info',
      jwtSecretGenerated: true,
    });
  });

  it('loadConfig — no JWT_SECRET outside production — a random 32-byte key per call', () => {
    const first = loadConfig({});
    const second = loadConfig({});
    expect(first.jwtSecret).to.match(/^[0-9a-f]{64}$/);
    expect(first.jwtSecret).not.to.equal(second.jwtSecret);
  });

  it('loadConfig — PORT, AID_APPROVAL_THRESHOLD and DATABASE_URL set — used', () => {
    const config = loadConfig({
      PORT: '8080',
      AID_APPROVAL_THRESHOLD: '250000',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/jomart',
    });
    expect(config.port).to.equal(8080);
    expect(config.aidApprovalThreshold.toString()).to.equal('250000.00');
    expect(config.databaseUrl).to.equal('postgres://postgres@127.0.0.1:5432/jomart');
  });

  for (const port of ['abc', '-1', '30.5']) {
    it(`loadConfig — PORT=${port} — throws naming PORT`, () => {
      expect(() => loadConfig({ PORT: port })).to.throw(Error, /PORT/);
    });
  }

  it('loadConfig — AID_APPROVAL_THRESHOLD with three fraction digits — throws', () => {
    expect(() => loadConfig({ AID_APPROVAL_THRESHOLD: '100.001' })).to.throw();
  });
});
