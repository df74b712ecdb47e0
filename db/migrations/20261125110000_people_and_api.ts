import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * The people and records behind the API: users and their logins, patrons, recipients, donations,
 * aid, and the idempotency keys of money-moving requests.
 *
 * Personal data (names, IINs, contacts) lives here, apart from the journal: entries and their
 * hashes refer to patrons and recipients by id only, so erasing a person's data leaves the ledger,
 * its totals and its hash chain intact. A keyed hash of each IIN/BIN is kept so the same person is
 * still recognised after erasure. Donations and aid are never updated: their status is read from
 * the journal (the entry they made, and the entry that posted, voided or reversed it).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('settings', (table) => {
    table.string('name', 100).primary();
    table.string('value', 500).notNullable();
  });
  // The key of the IIN/BIN hashes, unless PERSONAL_DATA_KEY overrides it from outside the database.
  await knex('settings').insert({ name: 'personal_data_key', value: randomBytes(32).toString('hex') });

  await knex.schema.createTable('patrons', (table) => {
    table.increments('id');
    table.string('name', 300).nullable();
    table.string('kind', 12).notNullable();
    table.string('iin', 12).nullable();
    table.string('bin', 12).nullable();
    table.specificType('tax_id_hash', 'char(64)').nullable().unique();
    table.string('email', 254).nullable();
    table.boolean('anonymous').notNullable().defaultTo(false);
    table.string('created_at', 30).notNullable();
    table.integer('created_by').nullable();
    table.string('erased_at', 30).nullable();
    table.string('erasure_reason', 500).nullable();
    table.check(`?? IN ('individual', 'organization')`, ['kind'], 'patrons_kind_known');
  });

  await knex.schema.createTable('users', (table) => {
    table.increments('id');
    table.string('email', 254).notNullable().unique();
    table.string('password_hash', 300).notNullable();
    table.string('role', 10).notNullable();
    table.string('name', 300).nullable();
    table.integer('patron_id').nullable().unique().references('id').inTable('patrons');
    table.boolean('disabled').notNullable().defaultTo(false);
    table.integer('failed_login_count').notNullable().defaultTo(0);
    table.string('last_failed_login_at', 30).nullable();
    table.string('created_at', 30).notNullable();
    table.integer('created_by').nullable();
    table.check(`?? IN ('admin', 'staff', 'auditor', 'patron')`, ['role'], 'users_role_known');
    table.check(`?? <> 'patron' OR ?? IS NOT NULL`, ['role', 'patron_id'], 'users_patron_has_patron');
  });

  await knex.schema.createTable('recipients', (table) => {
    table.increments('id');
    table.string('iin', 12).nullable();
    table.specificType('iin_hash', 'char(64)').notNullable().unique();
    table.string('full_name', 300).nullable();
    // The name in lower case (folded by the service with Unicode rules): name search works alike on
    // SQLite, whose LOWER() folds ASCII only, and PostgreSQL.
    table.string('full_name_folded', 300).nullable();
    table.string('region', 5).notNullable();
    table.string('category', 40).nullable();
    table.string('notes', 2000).nullable();
    table.string('created_at', 30).notNullable();
    table.integer('created_by').nullable();
    table.string('erased_at', 30).nullable();
    table.string('erasure_reason', 500).nullable();
    table.index(['region']);
  });

  await knex.schema.createTable('donations', (table) => {
    table.increments('id');
    table.integer('patron_id').nullable().references('id').inTable('patrons');
    table.integer('fund_id').notNullable().references('id').inTable('funds');
    table.bigInteger('amount_tiyn').notNullable();
    table.string('date', 10).notNullable();
    // The bank's unique id of the transfer: the same transfer is never booked twice.
    table.string('reference', 100).nullable().unique();
    table.string('note', 1000).nullable();
    table.string('original_amount', 40).nullable();
    table.string('original_currency', 3).nullable();
    table.string('rate', 40).nullable();
    table.bigInteger('entry_id').notNullable().unique().references('id').inTable('entries');
    table.integer('created_by').nullable();
    table.string('created_at', 30).notNullable();
    table.check('?? > 0', ['amount_tiyn'], 'donations_amount_positive');
    table.index(['patron_id']);
    table.index(['fund_id']);
  });

  await knex.schema.createTable('aid', (table) => {
    table.increments('id');
    table.integer('recipient_id').notNullable().references('id').inTable('recipients');
    table.integer('fund_id').notNullable().references('id').inTable('funds');
    table.bigInteger('amount_tiyn').notNullable();
    table.string('category', 20).notNullable();
    table.string('date', 10).notNullable();
    table.string('note', 1000).nullable();
    table.bigInteger('entry_id').notNullable().unique().references('id').inTable('entries');
    table.integer('created_by').nullable();
    table.string('created_at', 30).notNullable();
    table.check('?? > 0', ['amount_tiyn'], 'aid_amount_positive');
    table.index(['recipient_id']);
    table.index(['fund_id']);
  });

  await knex.schema.createTable('idempotency_keys', (table) => {
    table.integer('user_id').notNullable();
    table.string('key', 200).notNullable();
    table.specificType('request_hash', 'char(64)').notNullable();
    table.integer('response_status').notNullable();
    table.text('response_body').notNullable();
    table.string('created_at', 30).notNullable();
    table.primary(['user_id', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'idempotency_keys',
    'aid',
    'donations',
    'recipients',
    'users',
    'patrons',
    'settings',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
