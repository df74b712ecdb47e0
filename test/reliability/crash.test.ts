// Proves that killing the server with SIGKILL at random moments under a stream of donations and aid
// loses nothing and doubles nothing: after the client retries what it has no answer for (same
// Idempotency-Key, same body), every acknowledged request is in the ledger exactly once, nothing
// unacknowledged is half-written, the trial balance is zero, the chain verifies, and every fund holds
// what the client's own bigint model says. On the suite's engine: a SQLite file, or a fresh
// PostgreSQL database. The long form, with its figures: scripts/crash-drill.ts.
import { expect } from 'chai';
import { TEST_DATABASE_KIND, useTestDatabase } from '../support/test-database.js';
import { runCrashDrill } from './crash-drill.js';

/** The short form: enough to land kills mid-request several times, well under a minute. */
const OPERATIONS = 150;
const KILLS = 5;
const LANES = 4;
const SEED = Number(process.env.CRASH_DRILL_SEED ?? 20261125);
const TEST_TIMEOUT_MILLISECONDS = 300_000;

describe(`crash safety (${TEST_DATABASE_KIND})`, () => {
  const testDatabase = useTestDatabase();

  it('server under donations and aid — SIGKILLed 5 times, unanswered requests retried — nothing lost, nothing doubled, books balance', async () => {
    const { figures, problems } = await runCrashDrill({
      databaseEnvironment: testDatabase.current.environment,
      database: testDatabase.current.database,
      operations: OPERATIONS,
      kills: KILLS,
      lanes: LANES,
      seed: SEED,
    });
    const summary = JSON.stringify(figures);
    // The figures the README quotes, in the test log of every run.
    console.log(
      `      ${figures.requestsSent} requests sent, ${figures.killsSurvived} kills survived, ` +
        `${figures.acknowledged} acknowledged, ${figures.refused} refused, ${figures.retried} retried ` +
        `(${figures.replayed} answered from the stored response), lost ${figures.lost}, duplicated ${figures.duplicated}`,
    );
    expect(problems, summary).to.deep.equal([]);
    expect(figures.killsSurvived, summary).to.equal(KILLS);
    expect(figures.acknowledged + figures.refused, summary).to.equal(OPERATIONS);
    expect(figures.entries, summary).to.equal(figures.acknowledged);
    expect(figures.retried, 'requests cut by a kill were sent again').to.be.greaterThan(0);
    expect(figures.lost, summary).to.equal(0);
    expect(figures.duplicated, summary).to.equal(0);
  }).timeout(TEST_TIMEOUT_MILLISECONDS);
});
