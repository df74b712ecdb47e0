import type { Knex } from 'knex';

/** Totals kept for the reports so they need not scan the whole journal (issue 7). Being written. */
export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}
