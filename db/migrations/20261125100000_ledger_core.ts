import type { Knex } from 'knex';

/**
 * The ledger core: funds, the chart of accounts, the append-only journal (entries and postings),
 * the head of the hash chain and the closed periods.
 *
 * The database itself refuses what must never happen, on SQLite and PostgreSQL alike:
 * - entries, postings and closed periods are never updated or deleted (triggers);
 * - an entry whose postings do not sum to zero, or that moves money with fewer than two postings,
 *   is never stored: postings are written first, then their entry, whose insert trigger sums them;
 *   postings cannot be added to an entry that already exists;
 * - an entry is reversed at most once and a pending entry resolved at most once (unique keys);
 * - the hash chain cannot fork: no two entries share a previous hash (unique key).
 */

const GENESIS_HASH = '0'.repeat(64);
const AID_CATEGORIES = ['food', 'medical', 'education', 'housing', 'utilities', 'cash', 'other'] as const;
const APPEND_ONLY_TABLES = ['entries', 'postings', 'closed_periods'] as const;

export async function up(knex: Knex): Promise<void> {
  const isPostgres = knex.client.config.client === 'pg';
  const createdAt = new Date().toISOString();

  await knex.schema.createTable('funds', (table) => {
    table.increments('id');
    table.string('code', 40).notNullable().unique();
    table.string('name', 200).notNullable();
    table.boolean('restricted').notNullable();
    table.bigInteger('cap_per_recipient_year_tiyn').nullable();
    table.string('closes_on', 10).nullable();
    table.string('created_at', 30).notNullable();
    table.check(
      '?? IS NULL OR ?? > 0',
      ['cap_per_recipient_year_tiyn', 'cap_per_recipient_year_tiyn'],
      'funds_cap_positive',
    );
  });

  await knex.schema.createTable('accounts', (table) => {
    table.increments('id');
    table.string('code', 120).notNullable().unique();
    table.string('name', 200).notNullable();
    table.string('type', 10).notNullable();
    table.integer('fund_id').nullable().unique().references('id').inTable('funds');
    // An asset that may never go below zero, counting pending money out: a fund's account.
    table.boolean('no_overdraft').notNullable().defaultTo(false);
    // Balances kept beside the journal in the same database transaction as each entry, so the
    // no-overdraft check does not re-sum the whole journal; verify recomputes and compares them.
    table.bigInteger('posted_tiyn').notNullable().defaultTo(0);
    table.bigInteger('pending_debit_tiyn').notNullable().defaultTo(0);
    table.bigInteger('pending_credit_tiyn').notNullable().defaultTo(0);
    table.string('created_at', 30).notNullable();
    table.check(
      `?? IN ('asset', 'liability', 'equity', 'income', 'expense')`,
      ['type'],
      'accounts_type_known',
    );
    table.check(
      '?? >= 0 AND ?? >= 0',
      ['pending_debit_tiyn', 'pending_credit_tiyn'],
      'accounts_pending_positive',
    );
  });

  await knex.schema.createTable('entries', (table) => {
    // Assigned by the ledger as the previous id + 1 under the journal lock: ids have no gaps.
    table.bigInteger('id').primary();
    table.string('kind', 32).notNullable();
    table.string('status', 10).notNullable();
    table.string('date', 10).notNullable();
    table.string('recorded_at', 30).notNullable();
    table.string('memo', 500).nullable();
    table.bigInteger('reverses_entry_id').nullable().unique().references('id').inTable('entries');
    table.bigInteger('pending_entry_id').nullable().unique().references('id').inTable('entries');
    table.bigInteger('created_by').nullable();
    table.string('request_id', 100).nullable();
    table.specificType('prev_hash', 'char(64)').notNullable().unique();
    table.specificType('hash', 'char(64)').notNullable().unique();
    table.check(`?? IN ('posted', 'pending', 'voided')`, ['status'], 'entries_status_known');
    table.check(`?? LIKE '____-__-__'`, ['date'], 'entries_date_format');
    table.check(
      `?? <> 'voided' OR ?? IS NOT NULL`,
      ['status', 'pending_entry_id'],
      'entries_void_names_pending',
    );
    table.check(
      `?? <> 'pending' OR (?? IS NULL AND ?? IS NULL)`,
      ['status', 'reverses_entry_id', 'pending_entry_id'],
      'entries_pending_is_new',
    );
    table.check(
      '?? IS NULL OR ?? IS NULL',
      ['reverses_entry_id', 'pending_entry_id'],
      'entries_one_reference',
    );
    table.index(['date']);
  });

  if (isPostgres) {
    await knex.schema.createTable('postings', (table) => {
      table.bigIncrements('id');
      table.bigInteger('entry_id').notNullable();
      // Deferred: postings are written before their entry so the entry's trigger can sum them.
      table.foreign('entry_id').references('id').inTable('entries').deferrable('deferred');
      table.integer('account_id').notNullable().references('id').inTable('accounts');
      table.bigInteger('amount_tiyn').notNullable();
      table.integer('fund_id').nullable().references('id').inTable('funds');
      table.bigInteger('patron_id').nullable();
      table.bigInteger('recipient_id').nullable();
      table.check('?? <> 0', ['amount_tiyn'], 'postings_amount_not_zero');
    });
  } else {
    // knex does not emit DEFERRABLE for SQLite, so this one table is written out by hand.
    await knex.raw(`
      CREATE TABLE postings (
        id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        entry_id bigint NOT NULL REFERENCES entries (id) DEFERRABLE INITIALLY DEFERRED,
        account_id integer NOT NULL REFERENCES accounts (id),
        amount_tiyn bigint NOT NULL,
        fund_id integer NULL REFERENCES funds (id),
        patron_id bigint NULL,
        recipient_id bigint NULL,
        CONSTRAINT postings_amount_not_zero CHECK (amount_tiyn <> 0)
      )`);
  }
  await knex.schema.alterTable('postings', (table) => {
    table.index(['entry_id']);
    table.index(['account_id']);
    table.index(['fund_id']);
    table.index(['patron_id']);
    table.index(['recipient_id']);
  });

  await knex.schema.createTable('journal_head', (table) => {
    table.integer('id').primary();
    table.bigInteger('last_entry_id').notNullable();
    table.specificType('last_hash', 'char(64)').notNullable();
    // The latest closed-through date, read with the head under the journal lock by every write;
    // closed_periods keeps the history of who closed what and when.
    table.string('closed_through', 10).nullable();
    table.check('?? = 1', ['id'], 'journal_head_single_row');
  });

  await knex.schema.createTable('closed_periods', (table) => {
    table.increments('id');
    table.string('through', 10).notNullable().unique();
    table.string('closed_at', 30).notNullable();
    table.bigInteger('closed_by').nullable();
  });

  await knex('journal_head').insert({ id: 1, last_entry_id: 0, last_hash: GENESIS_HASH });
  const [general] = await knex('funds')
    .insert({ code: 'general', name: 'General fund', restricted: false, created_at: createdAt })
    .returning('id');
  await knex('accounts').insert([
    {
      code: 'assets:funds:general',
      name: 'Money held for the general fund',
      type: 'asset',
      fund_id: typeof general === 'object' ? general.id : general,
      no_overdraft: true,
      created_at: createdAt,
    },
    {
      code: 'income:donations',
      name: 'Donations received',
      type: 'income',
      no_overdraft: false,
      created_at: createdAt,
    },
    ...AID_CATEGORIES.map((category) => ({
      code: `expenses:aid:${category}`,
      name: `Aid paid: ${category}`,
      type: 'expense',
      no_overdraft: false,
      created_at: createdAt,
    })),
  ]);

  if (isPostgres) await createPostgresGuards(knex);
  else await createSqliteGuards(knex);
}

async function createSqliteGuards(knex: Knex): Promise<void> {
  for (const table of APPEND_ONLY_TABLES) {
    for (const operation of ['UPDATE', 'DELETE']) {
      await knex.raw(`
        CREATE TRIGGER ${table}_refuse_${operation.toLowerCase()} BEFORE ${operation} ON ${table}
        BEGIN SELECT RAISE(ABORT, 'append-only: ${operation} on ${table} is refused'); END`);
    }
  }
  await knex.raw(`
    CREATE TRIGGER postings_precede_entry BEFORE INSERT ON postings
    WHEN EXISTS (SELECT 1 FROM entries WHERE id = NEW.entry_id)
    BEGIN SELECT RAISE(ABORT, 'postings cannot be added to an entry that already exists'); END`);
  await knex.raw(`
    CREATE TRIGGER entries_balanced AFTER INSERT ON entries
    WHEN (SELECT COALESCE(SUM(amount_tiyn), 0) FROM postings WHERE entry_id = NEW.id) <> 0
      OR (NEW.status <> 'voided' AND (SELECT COUNT(*) FROM postings WHERE entry_id = NEW.id) < 2)
      OR (NEW.status = 'voided' AND EXISTS (SELECT 1 FROM postings WHERE entry_id = NEW.id))
    BEGIN SELECT RAISE(ABORT, 'unbalanced entry: postings must sum to zero'); END`);
}

async function createPostgresGuards(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION jomart_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'append-only: % on % is refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'check_violation';
    END $$`);
  for (const table of APPEND_ONLY_TABLES) {
    await knex.raw(`
      CREATE TRIGGER ${table}_refuse_change BEFORE UPDATE OR DELETE ON ${table}
      FOR EACH ROW EXECUTE FUNCTION jomart_refuse_change()`);
    await knex.raw(`
      CREATE TRIGGER ${table}_refuse_truncate BEFORE TRUNCATE ON ${table}
      FOR EACH STATEMENT EXECUTE FUNCTION jomart_refuse_change()`);
  }
  await knex.raw(`
    CREATE FUNCTION jomart_postings_precede_entry() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM entries WHERE id = NEW.entry_id) THEN
        RAISE EXCEPTION 'postings cannot be added to an entry that already exists' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER postings_precede_entry BEFORE INSERT ON postings
    FOR EACH ROW EXECUTE FUNCTION jomart_postings_precede_entry()`);
  await knex.raw(`
    CREATE FUNCTION jomart_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      total numeric;
      posting_count bigint;
    BEGIN
      SELECT COALESCE(SUM(amount_tiyn), 0), COUNT(*) INTO total, posting_count
        FROM postings WHERE entry_id = NEW.id;
      IF total <> 0
        OR (NEW.status <> 'voided' AND posting_count < 2)
        OR (NEW.status = 'voided' AND posting_count > 0) THEN
        RAISE EXCEPTION 'unbalanced entry %: postings must sum to zero', NEW.id USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER entries_balanced AFTER INSERT ON entries
    FOR EACH ROW EXECUTE FUNCTION jomart_entry_balanced()`);
}

export async function down(knex: Knex): Promise<void> {
  const isPostgres = knex.client.config.client === 'pg';
  for (const table of ['closed_periods', 'journal_head', 'postings', 'entries', 'accounts', 'funds']) {
    await knex.schema.dropTableIfExists(table);
  }
  if (isPostgres) {
    await knex.raw(
      'DROP FUNCTION IF EXISTS jomart_refuse_change, jomart_postings_precede_entry, jomart_entry_balanced',
    );
  }
}
