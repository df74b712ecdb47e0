// Proves that `jomart backup FILE` makes a consistent online copy of the SQLite ledger and `jomart
// restore FILE` brings it back: run as real processes against the test database, a quiet backup
// restored into a new DATA_DIR answers every report, the accounts, the activity listing and verify
// exactly as the source does (same users too: the source's tokens work on it); a backup taken while
// donations keep being written holds exactly the entries committed up to some point — the chain
// verifies, the head is the source's entry of that id, and the fund holds what an independent model
// says it held then — and the writer was never stopped. Refusals: an existing backup file, a restore
// over a database, a file that is no database, and PostgreSQL (which answers with the pg_dump
// command to use; with DATABASE_URL set, pg_dump and pg_restore round-trip the test database).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { migrateToLatest, openPostgres, openSqlite, SQLITE_FILE_NAME } from '../../src/db/database.js';
import { createServices, type Services } from '../../src/services.js';
import { type ApiHarness, useApi } from '../support/api-harness.js';
import { TEST_DATABASE_KIND, TEST_SETTINGS } from '../support/test-database.js';

const PROCESS_TIMEOUT_MILLISECONDS = 120_000;
/** What an auditor reads to judge the books: every one must agree between source and restored copy. */
const COMPARED_PATHS = [
  '/v1/audit/verify',
  '/v1/accounts',
  '/v1/funds',
  '/v1/reports/trial-balance',
  '/v1/reports/funds',
  '/v1/reports/recipients',
  '/v1/reports/patrons',
  '/v1/reports/regions',
  '/v1/reports/categories',
  '/v1/audit/activity?limit=200',
  '/v1/entries?limit=200',
];

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `jomart …` as its own process with the given environment. */
function runJomart(environment: Record<string, string>, args: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/jomart.ts', ...args], {
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: '', ...environment },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function run(command: string, args: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A ledger with every kind of entry: donations, pending and confirmed, aid, a reversal. */
async function bookAFewOfEverything(api: ApiHarness): Promise<number> {
  const fund = await api
    .post('admin', '/v1/funds', { code: 'backup', name: 'Backup', restricted: true })
    .expect(201);
  await api.post('staff', '/v1/donations', { amount: '250000.00', fundId: fund.body.id }).expect(201);
  const declared = await api.post('patron', '/v1/donations', { amount: '1500.50' }).expect(201);
  await api.post('staff', `/v1/donations/${declared.body.id}/confirm`).expect(200);
  const recipient = await api
    .post('staff', '/v1/recipients', { iin: '900101310004', fullName: 'Резерв Көшірме', region: 'KZ-75' })
    .expect(201);
  const aid = await api
    .post('staff', '/v1/aid', {
      recipientId: recipient.body.id,
      fundId: fund.body.id,
      amount: '12000.00',
      category: 'food',
    })
    .expect(201);
  await api.post('staff', `/v1/entries/${aid.body.entryId}/reverse`, { reason: 'paid twice' }).expect(201);
  await api
    .post('staff', '/v1/aid', {
      recipientId: recipient.body.id,
      fundId: fund.body.id,
      amount: '7000.00',
      category: 'medical',
    })
    .expect(201);
  return fund.body.id;
}

/** The restored database, opened as the server would open it, with its own app. */
async function openRestored(
  dataDir: string,
  api: ApiHarness,
): Promise<{ services: Services; app: ReturnType<typeof createApp> }> {
  const database = openSqlite(path.join(dataDir, SQLITE_FILE_NAME), 10_000);
  expect(await migrateToLatest(database), 'a backup is already at the latest schema').to.deep.equal([]);
  const services = createServices(database, TEST_SETTINGS, api.testDatabase.clock);
  return { services, app: createApp(services, pino({ level: 'silent' })) };
}

describe('backup and restore', function () {
  this.timeout(PROCESS_TIMEOUT_MILLISECONDS * 2);
  const api = useApi();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jomart-backup-'));
  const opened: Services[] = [];
  let fundId: number;

  before(async () => {
    fundId = await bookAFewOfEverything(api.current);
  });
  after(async () => {
    for (const services of opened) await services.database.knex.destroy();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  describe('on SQLite', () => {
    before(function () {
      if (TEST_DATABASE_KIND !== 'sqlite') {
        console.log('    skipped: jomart backup copies the SQLite file; on PostgreSQL see the tests below');
        this.skip();
      }
    });

    it('jomart backup then restore into a new DATA_DIR — every report, the accounts, the listings and verify agree', async () => {
      const file = path.join(directory, 'quiet.db');
      const backup = await runJomart(api.current.testDatabase.environment, ['backup', file]);
      expect(backup.status, backup.stderr).to.equal(0);
      expect(backup.stdout).to.match(/backup written to .*: \d+ entries, journal head [0-9a-f]{64}/);
      const restoredDir = path.join(directory, 'restored-quiet');
      const restore = await runJomart({ DATA_DIR: restoredDir }, ['restore', file]);
      expect(restore.status, restore.stderr).to.equal(0);
      const restored = await openRestored(restoredDir, api.current);
      opened.push(restored.services);
      const auditor = api.current.tokens.auditor;
      for (const requestPath of COMPARED_PATHS) {
        const source = await api.current.get('auditor', requestPath).expect(200);
        const copy = await request(restored.app)
          .get(requestPath)
          .set('Authorization', `Bearer ${auditor}`)
          .expect(200);
        expect(copy.body, requestPath).to.deep.equal(source.body);
      }
      const verified = await restored.services.ledger.verify();
      expect(verified).to.include({ ok: true, entries: (await api.current.ledgerState()).entries });
    });

    it('jomart backup — while donations keep being written — a verified copy of exactly the entries committed by then; the writer never stopped', async () => {
      const knex = api.current.testDatabase.database.knex;
      const fundAccount = async (services: Services) =>
        (await services.ledger.accounts()).find((account) => account.fundId === fundId)?.posted.tiyn;
      const startHead = (await api.current.ledgerState()).entries;
      const startPosted = (await fundAccount(api.current.services)) as bigint;
      /** The independent model: each written entry's id and the tiyn it added to the fund. */
      const written: Array<{ entryId: number; tiyn: bigint }> = [];
      let backingUp = true;
      let slowestWriteMilliseconds = 0;
      const writer = (async () => {
        for (let index = 1; backingUp || written.length < 5; index += 1) {
          const tiyn = BigInt(100 + (index % 97));
          const amount = `${tiyn / 100n}.${String(tiyn % 100n).padStart(2, '0')}`;
          const started = Date.now();
          const response = await api.current.post('staff', '/v1/donations', { amount, fundId });
          expect(response.status, JSON.stringify(response.body)).to.equal(201);
          slowestWriteMilliseconds = Math.max(slowestWriteMilliseconds, Date.now() - started);
          written.push({ entryId: response.body.entryId, tiyn });
        }
      })();
      const file = path.join(directory, 'online.db');
      const backup = await runJomart(api.current.testDatabase.environment, ['backup', file]);
      const writtenDuringBackup = written.length;
      backingUp = false;
      await writer;
      expect(backup.status, backup.stderr).to.equal(0);
      expect(writtenDuringBackup, 'donations committed while the backup process ran').to.be.above(5);
      expect(slowestWriteMilliseconds, 'no write waited on the backup').to.be.below(5_000);

      const restoredDir = path.join(directory, 'restored-online');
      const restore = await runJomart({ DATA_DIR: restoredDir }, ['restore', file]);
      expect(restore.status, restore.stderr).to.equal(0);
      const restored = await openRestored(restoredDir, api.current);
      opened.push(restored.services);
      const verified = await restored.services.ledger.verify();
      expect(verified.ok, verified.problem ?? '').to.equal(true);
      const copiedHead = verified.entries;
      expect(copiedHead).to.be.within(startHead, startHead + written.length);
      const sourceEntry = await knex('entries').where({ id: copiedHead }).first('hash');
      expect(verified.headHash, 'the copy ends at an entry of the source, unchanged').to.equal(
        sourceEntry.hash,
      );
      const modelTiyn = written
        .filter((entry) => entry.entryId <= copiedHead)
        .reduce((sum, entry) => sum + entry.tiyn, startPosted);
      expect(await fundAccount(restored.services), 'the fund as the model had it at that entry').to.equal(
        modelTiyn,
      );
      const trialBalance = await restored.services.reports.trialBalance();
      expect(trialBalance.totals.balance.toString()).to.equal('0.00');
      const donationsCopied = await restored.services.database
        .knex('donations')
        .count({ count: '*' })
        .first();
      const donationsThen = await knex('donations')
        .join('entries', 'entries.id', 'donations.entry_id')
        .where('entries.id', '<=', copiedHead)
        .count({ count: '*' })
        .first();
      expect(Number(donationsCopied?.count), 'every donation record of those entries, and no other').to.equal(
        Number(donationsThen?.count),
      );
      console.log(
        `    backup: copied ${copiedHead} entries while ${writtenDuringBackup} donations were written; slowest write ${slowestWriteMilliseconds} ms`,
      );
    });

    it('jomart backup — onto an existing file — exit 2, the file untouched', async () => {
      const file = path.join(directory, 'existing.db');
      fs.writeFileSync(file, 'keep me');
      const outcome = await runJomart(api.current.testDatabase.environment, ['backup', file]);
      expect(outcome.status).to.equal(2);
      expect(outcome.stderr).to.match(/exists/);
      expect(fs.readFileSync(file, 'utf8')).to.equal('keep me');
    });

    it('jomart restore — into a DATA_DIR that holds a database — exit 2, the database untouched', async () => {
      const file = path.join(directory, 'quiet.db');
      const before = fs.readFileSync(
        path.join(api.current.testDatabase.environment.DATA_DIR as string, SQLITE_FILE_NAME),
      );
      const outcome = await runJomart(api.current.testDatabase.environment, ['restore', file]);
      expect(outcome.status).to.equal(2);
      expect(outcome.stderr).to.match(/exists/);
      const after = fs.readFileSync(
        path.join(api.current.testDatabase.environment.DATA_DIR as string, SQLITE_FILE_NAME),
      );
      expect(after.equals(before)).to.equal(true);
    });

    it('jomart restore — a file that is no database — exit 2, nothing installed', async () => {
      const file = path.join(directory, 'garbage.db');
      fs.writeFileSync(file, 'this is not a database'.repeat(100));
      const restoredDir = path.join(directory, 'restored-garbage');
      const outcome = await runJomart({ DATA_DIR: restoredDir }, ['restore', file]);
      expect(outcome.status).to.equal(2);
      expect(outcome.stderr).to.match(/not a readable SQLite database/);
      expect(fs.existsSync(path.join(restoredDir, SQLITE_FILE_NAME))).to.equal(false);
    });
  });

  describe('on PostgreSQL', () => {
    before(function () {
      if (TEST_DATABASE_KIND !== 'postgres') {
        console.log('    skipped: DATABASE_URL is not set (PostgreSQL backups are made with pg_dump)');
        this.skip();
      }
    });

    it('jomart backup and restore — on PostgreSQL — exit 2 with the pg_dump and pg_restore commands to use', async () => {
      for (const args of [
        ['backup', path.join(directory, 'pg.db')],
        ['restore', path.join(directory, 'pg.db')],
      ]) {
        const outcome = await runJomart(api.current.testDatabase.environment, args);
        expect(outcome.status, args[0]).to.equal(2);
        expect(outcome.stderr).to.include('pg_dump --format=custom');
        expect(outcome.stderr).to.include('pg_restore --no-owner');
        expect(fs.existsSync(path.join(directory, 'pg.db'))).to.equal(false);
      }
    });

    it('pg_dump then pg_restore into a new database — the documented commands — every report and verify agree', async function () {
      if ((await run('pg_dump', ['--version']).catch(() => null))?.status !== 0) {
        console.log('    skipped: pg_dump is not installed');
        this.skip();
      }
      const sourceUrl = api.current.testDatabase.environment.DATABASE_URL as string;
      const dump = path.join(directory, 'jomart.dump');
      const dumped = await run('pg_dump', ['--format=custom', `--file=${dump}`, sourceUrl]);
      expect(dumped.status, dumped.stderr).to.equal(0);
      const targetName = `${new URL(sourceUrl).pathname.slice(1)}_restored`;
      const targetUrl = new URL(sourceUrl);
      targetUrl.pathname = `/${targetName}`;
      const admin = openPostgres(sourceUrl);
      await admin.knex.raw(`CREATE DATABASE ${targetName}`);
      await admin.knex.destroy();
      const target = openPostgres(targetUrl.toString());
      try {
        const restored = await run('pg_restore', [
          '--no-owner',
          '--exit-on-error',
          `--dbname=${targetUrl}`,
          dump,
        ]);
        expect(restored.status, restored.stderr).to.equal(0);
        expect(await migrateToLatest(target)).to.deep.equal([]);
        const services = createServices(target, TEST_SETTINGS, api.current.testDatabase.clock);
        const app = createApp(services, pino({ level: 'silent' }));
        for (const requestPath of COMPARED_PATHS) {
          const source = await api.current.get('auditor', requestPath).expect(200);
          const copy = await request(app)
            .get(requestPath)
            .set('Authorization', `Bearer ${api.current.tokens.auditor}`)
            .expect(200);
          expect(copy.body, requestPath).to.deep.equal(source.body);
        }
        // The restored journal keeps its guards: the triggers came back with the data.
        const tampering = await target.knex
          .raw('UPDATE entries SET memo = ? WHERE id = 1', ['x'])
          .catch((error: Error) => error);
        expect(tampering).to.be.instanceOf(Error);
      } finally {
        await target.knex.destroy();
        const cleaner = openPostgres(sourceUrl);
        await cleaner.knex.raw(`DROP DATABASE IF EXISTS ${targetName} WITH (FORCE)`);
        await cleaner.knex.destroy();
      }
    });
  });
});
