// Proves group commit end to end: donations sent over real HTTP connections while a commit is under
// way (on SQLite they wait for the one connection to authenticate, not in the group's queue) share
// the next commits, and each is recorded exactly once. test/db/group-commit.test.ts proves the turn
// of the event loop the group waits, without which the bench saw one commit per request.
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { useApi } from '../support/api-harness.js';

describe('group commit over HTTP', () => {
  const api = useApi();

  it('40 donations sent at once on 40 connections — all recorded once each, in far fewer commits', async () => {
    const { app, tokens, testDatabase } = api.current;
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    // The gate opens once every request has reached the server, not after a fixed time: on a
    // loaded machine 40 connections can take longer to open than any fixed wait.
    let arrived = 0;
    const allArrived = new Promise<void>((resolve) => {
      server.on('request', () => {
        arrived += 1;
        if (arrived === 40) resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    let commits = 0;
    const countCommits = (query: { sql?: string }) => {
      if (/^\s*commit\b/i.test(query.sql ?? '')) commits += 1;
    };
    const { knex } = testDatabase.database;
    const { ledger } = api.current.services;
    const before = await ledger.journalHead();
    // A unit holds the journal (and, on SQLite, the one connection) while the 40 requests arrive.
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const holding = ledger.transaction(() => gate);
    knex.on('query', countCommits);
    try {
      const sent = Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          fetch(`http://127.0.0.1:${port}/v1/donations`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${tokens.staff}`,
              'content-type': 'application/json',
              'idempotency-key': `group-http-${index}`,
              connection: 'close',
            },
            body: JSON.stringify({ amount: `${index + 1}.00` }),
          }),
        ),
      );
      await allArrived;
      // A moment more for each to read its body and wait for the database behind the gate.
      await new Promise((resolve) => setTimeout(resolve, 300));
      openGate();
      await holding;
      const responses = await sent;
      const bodies = (await Promise.all(responses.map((response) => response.json()))) as {
        entryId: number;
      }[];
      expect(responses.map((response) => response.status)).to.deep.equal(Array(40).fill(201));
      expect(new Set(bodies.map((body) => body.entryId)).size).to.equal(40);
    } finally {
      knex.removeListener('query', countCommits);
      await new Promise((resolve) => server.close(resolve));
    }
    expect((await api.current.services.ledger.journalHead()).lastEntryId - before.lastEntryId).to.equal(40);
    expect(commits, '40 requests waiting together share commits').to.be.at.most(10);
    expect((await api.current.services.ledger.verify()).ok).to.equal(true);
  });
});
