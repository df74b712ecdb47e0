import type { Knex } from 'knex';

/**
 * The database's guard on the hash chain becomes a link to the entry before, instead of two unique
 * indexes on the hashes (issue 7).
 *
 * The core migration kept the chain from forking with `UNIQUE (prev_hash)` and `UNIQUE (hash)`. Both
 * index 64-character hex keys that are random by design, so every new entry wrote into a random
 * page of each: at 200,000 entries they were the two largest indexes of the journal, and a batch of
 * 1,000 statement rows dirtied about a thousand pages in each — an import of 200,000 rows wrote
 * 13.6 GB to the WAL and the database, 7.8 GB without them, and took 2.1× the time.
 *
 * The trigger below asks more of an entry than the indexes did, through the primary key alone: its
 * `prev_hash` must be the `hash` of the entry whose id is one less (the genesis hash for entry 1).
 * Ids are the primary key, so two entries cannot follow the same one — no fork — and, beyond what
 * the indexes said, an entry cannot name a hash that is not its predecessor's, nor leave a gap in
 * the ids. Whether each `hash` is the SHA-256 of its entry stays the verifier's to say.
 */
const GENESIS_HASH = '0'.repeat(64);
const REFUSAL = 'broken chain: an entry must follow the entry before it and name its hash';
const HASH_INDEXES = [
  { name: 'entries_prev_hash_unique', column: 'prev_hash' },
  { name: 'entries_hash_unique', column: 'hash' },
] as const;

export async function up(knex: Knex): Promise<void> {
  const isPostgres = knex.client.config.client === 'pg';
  if (isPostgres) {
    await knex.raw(`
      CREATE FUNCTION jomart_entry_links_previous() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        previous_hash text;
      BEGIN
        IF NEW.id = 1 THEN
          previous_hash := '${GENESIS_HASH}';
        ELSE
          SELECT hash INTO previous_hash FROM entries WHERE id = NEW.id - 1;
        END IF;
        IF previous_hash IS NULL OR NEW.prev_hash <> previous_hash THEN
          RAISE EXCEPTION '${REFUSAL} (entry %)', NEW.id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    // AFTER: a statement that inserts several entries has inserted them all when the rows are checked.
    await knex.raw(`
      CREATE TRIGGER entries_link_previous AFTER INSERT ON entries
      FOR EACH ROW EXECUTE FUNCTION jomart_entry_links_previous()`);
    for (const index of HASH_INDEXES) {
      await knex.raw(`ALTER TABLE entries DROP CONSTRAINT ${index.name}`);
    }
    return;
  }
  // SQLite inserts the rows of one statement in order, each followed by its AFTER trigger.
  await knex.raw(`
    CREATE TRIGGER entries_link_previous AFTER INSERT ON entries
    WHEN NEW.prev_hash IS NOT COALESCE(
      (SELECT previous.hash FROM entries AS previous WHERE previous.id = NEW.id - 1),
      CASE WHEN NEW.id = 1 THEN '${GENESIS_HASH}' END)
    BEGIN SELECT RAISE(ABORT, '${REFUSAL}'); END`);
  for (const index of HASH_INDEXES) await knex.raw(`DROP INDEX ${index.name}`);
}

export async function down(knex: Knex): Promise<void> {
  const isPostgres = knex.client.config.client === 'pg';
  if (isPostgres) {
    await knex.raw('DROP TRIGGER IF EXISTS entries_link_previous ON entries');
    await knex.raw('DROP FUNCTION IF EXISTS jomart_entry_links_previous');
    for (const index of HASH_INDEXES) {
      await knex.raw(`ALTER TABLE entries ADD CONSTRAINT ${index.name} UNIQUE (${index.column})`);
    }
    return;
  }
  await knex.raw('DROP TRIGGER IF EXISTS entries_link_previous');
  for (const index of HASH_INDEXES) {
    await knex.raw(`CREATE UNIQUE INDEX ${index.name} ON entries (${index.column})`);
  }
}
