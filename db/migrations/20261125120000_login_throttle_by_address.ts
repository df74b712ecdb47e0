import type { Knex } from 'knex';

/**
 * Login attempts counted per client address as well as per account (issue 6): one row per address
 * that tried to log in, holding how many attempts of the current window failed (an attempt counts
 * as failed before its password is checked, and is taken back unless it was a wrong password) and when the window
 * began. Guessing passwords of many accounts from one address is slowed as well as guessing one
 * account's from many addresses.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_attempts_by_address', (table) => {
    // An IPv6 address with a zone, or an IPv4-mapped one, fits in 64 characters.
    table.string('address', 64).primary();
    table.integer('failed_count').notNullable().defaultTo(0);
    table.string('window_started_at', 30).notNullable();
    table.check('?? >= 0', ['failed_count'], 'login_attempts_by_address_count_positive');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('login_attempts_by_address');
}
