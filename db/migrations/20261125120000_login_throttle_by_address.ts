import type { Knex } from 'knex';

/** Login attempts counted per client address as well as per account (issue 6). Being written. */
export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}
