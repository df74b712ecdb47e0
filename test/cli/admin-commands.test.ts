// Proves that `jomart users create`, `close-period`, `report NAME` and `seed demo` work as real
// processes against the test database: each does its work and says so with exit 0, and bad
// arguments, unknown reports and refusals end non-zero with a message and change nothing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parseAmount } from '../../src/money/money.js';
import { useTestDatabase } from '../support/test-database.js';

const PROCESS_TIMEOUT_MILLISECONDS = 120_000;
/** Cheap password hashing for the child processes, as in TEST_SETTINGS. */
const CHEAP_PASSWORD_HASH_COST = String(2 ** 10);

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `jomart …` as its own process on the test database, optionally feeding stdin. */
function runJomart(environment: Record<string, string>, args: string[], stdin = ''): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/jomart.ts', ...args], {
      env: { ...process.env, ...environment, PASSWORD_HASH_COST: CHEAP_PASSWORD_HASH_COST },
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
    child.stdin.end(stdin);
  });
}

describe('jomart admin commands', function () {
  this.timeout(PROCESS_TIMEOUT_MILLISECONDS);

  describe('users create', () => {
    const test = useTestDatabase();

    it('jomart users create — no password given — exit 0, a generated password printed that logs in', async () => {
      const outcome = await runJomart(test.current.environment, [
        'users',
        'create',
        '--email',
        'Auditor@Test.kz',
        '--role',
        'auditor',
        '--name',
        'Тексеруші',
      ]);
      expect(outcome.status, outcome.stderr).to.equal(0);
      const password = /password \(shown once[^)]*\): (\S+)/.exec(outcome.stdout)?.[1];
      expect(password).to.be.a('string');
      const session = await test.current.services.users.login('auditor@test.kz', password as string);
      expect(session.user).to.include({ role: 'auditor', name: 'Тексеруші' });
    });

    it('jomart users create --password-stdin — exit 0, the password from stdin logs in, none printed', async () => {
      const outcome = await runJomart(
        test.current.environment,
        ['users', 'create', '--email', 'staff@test.kz', '--role', 'staff', '--password-stdin'],
        'a-long-enough-password\n',
      );
      expect(outcome.status, outcome.stderr).to.equal(0);
      expect(outcome.stdout).not.to.match(/password/);
      const session = await test.current.services.users.login('staff@test.kz', 'a-long-enough-password');
      expect(session.user.role).to.equal('staff');
    });

    it('jomart users create — bad role, missing email, short password, existing email — non-zero with a message', async () => {
      const environment = test.current.environment;
      const cases: [string[], string, RegExp][] = [
        [['users', 'create', '--email', 'x@test.kz', '--role', 'patron'], '', /patron.*invalid|choices/i],
        [['users', 'create', '--role', 'staff'], '', /--email/],
        [
          ['users', 'create', '--email', 'y@test.kz', '--role', 'staff', '--password-stdin'],
          'short\n',
          /password/,
        ],
        [['users', 'create', '--email', 'staff@test.kz', '--role', 'admin'], '', /exists/],
      ];
      for (const [args, stdin, message] of cases) {
        const outcome = await runJomart(environment, args, stdin);
        expect(outcome.status, args.join(' ')).not.to.equal(0);
        expect(outcome.stderr).to.match(message);
      }
      const emails = (await test.current.services.users.list({ beforeId: undefined, limit: 10 })).items.map(
        (user) => user.email,
      );
      expect(emails.sort()).to.deep.equal(['auditor@test.kz', 'staff@test.kz']);
    });
  });

  describe('close-period and report', () => {
    const test = useTestDatabase();

    before(async () => {
      const { services } = test.current;
      const user = await services.users.create(
        { email: 'clerk@test.kz', password: 'a-long-enough-password', role: 'staff' },
        null,
      );
      const requester = { user: { ...user, patronId: null }, requestId: 'cli-test' };
      await services.ledger.transaction((trx) =>
        services.donations.record({ amount: parseAmount('12500.50'), date: '2026-01-15' }, requester, trx),
      );
    });

    it('jomart close-period --through — exit 0 and the books are closed through that day', async () => {
      const outcome = await runJomart(test.current.environment, ['close-period', '--through', '2026-01-31']);
      expect(outcome.status, outcome.stderr).to.equal(0);
      expect(outcome.stdout).to.contain('2026-01-31');
      expect(await test.current.services.ledger.closedThrough()).to.equal('2026-01-31');
    });

    it('jomart close-period — not a date, earlier than closed, no --through — non-zero, still closed through 2026-01-31', async () => {
      for (const args of [['--through', '2026-02-30'], ['--through', '2026-01-01'], []]) {
        const outcome = await runJomart(test.current.environment, ['close-period', ...args]);
        expect(outcome.status, args.join(' ')).not.to.equal(0);
        expect(outcome.stderr).to.match(/through/);
      }
      expect(await test.current.services.ledger.closedThrough()).to.equal('2026-01-31');
    });

    it('jomart report funds — exit 0, the JSON of the funds report', async () => {
      const outcome = await runJomart(test.current.environment, ['report', 'funds']);
      expect(outcome.status, outcome.stderr).to.equal(0);
      const report = JSON.parse(outcome.stdout);
      expect(report.totals).to.include({ in: '12500.50', available: '12500.50' });
      expect(report).to.deep.equal(JSON.parse(JSON.stringify(await test.current.services.reports.funds({}))));
    });

    it('jomart report trial-balance --format csv -o FILE — the API CSV: BOM, header, total row with 0.00', async () => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jomart-report-')), 'trial.csv');
      const outcome = await runJomart(test.current.environment, [
        'report',
        'trial-balance',
        '--format',
        'csv',
        '--at',
        '2026-12-31',
        '-o',
        file,
      ]);
      expect(outcome.status, outcome.stderr).to.equal(0);
      const text = fs.readFileSync(file, 'utf8');
      expect(text.startsWith('\uFEFFaccount,type,debit,credit,balance\r\n')).to.equal(true);
      expect(text).to.contain('total,,12500.50,12500.50,0.00');
      fs.rmSync(path.dirname(file), { recursive: true });
    });

    it('jomart report — unknown name, bad date, from after to, bad format — non-zero with a message', async () => {
      const cases: [string[], RegExp][] = [
        [['report', 'salaries'], /unknown report/],
        [['report', 'patrons', '--from', '15.01.2026'], /from/],
        [['report', 'patrons', '--from', '2026-02-01', '--to', '2026-01-01'], /from|to/],
        [['report', 'funds', '--format', 'xml'], /format|choices/i],
        [['report', 'funds', '--region', 'KZ-75'], /region|unrecognized/i],
      ];
      for (const [args, message] of cases) {
        const outcome = await runJomart(test.current.environment, args);
        expect(outcome.status, args.join(' ')).not.to.equal(0);
        expect(outcome.stderr, args.join(' ')).to.match(message);
        expect(outcome.stdout).to.equal('');
      }
    });
  });

  describe('seed demo', () => {
    const test = useTestDatabase();

    it('jomart seed demo — default scale — exit 0, a summary, and a journal that verifies', async () => {
      const outcome = await runJomart(test.current.environment, ['seed', 'demo', '--seed', '5']);
      expect(outcome.status, outcome.stderr).to.equal(0);
      expect(outcome.stdout).to.match(/journal verified/);
      expect(outcome.stdout).to.match(/recipients: 350/);
      expect(outcome.stdout).to.match(/people helped: 350/);
      expect((await test.current.services.ledger.verify()).ok).to.equal(true);
      const donated = (await test.current.services.reports.patrons({})).totals.total;
      expect(donated.toString()).to.equal('3050000.00');
    });

    it('jomart seed demo — the ledger has entries — non-zero, --force named, nothing written', async () => {
      const before = await test.current.services.ledger.journalHead();
      const outcome = await runJomart(test.current.environment, ['seed', 'demo']);
      expect(outcome.status).not.to.equal(0);
      expect(outcome.stderr).to.match(/already has \d+ entries.*--force/);
      expect(await test.current.services.ledger.journalHead()).to.deep.equal(before);
    });

    it('jomart seed demo — a scale or seed that is not a number — non-zero with a message', async () => {
      for (const args of [
        ['--scale', '0'],
        ['--scale', 'big'],
        ['--seed', '-1'],
        ['--recipients', '2.5'],
      ]) {
        const outcome = await runJomart(test.current.environment, ['seed', 'demo', ...args]);
        expect(outcome.status, args.join(' ')).not.to.equal(0);
        expect(outcome.stderr).to.match(/must be/);
      }
    });
  });
});
