import type { Knex } from 'knex';

/**
 * Totals kept for the reports (issue 7), so that a report over a national center's year reads tens
 * of thousands of rows instead of joining millions of postings to their entries.
 *
 * `report_totals` holds, per value-date month (`YYYY-MM`) and once more for all time (`all`), per
 * account, fund, recipient and patron (0 where a posting names none), the sums every report is made
 * of: posted debits and credits apart from those of reversals, the debits and credits of reversals,
 * how many posted debit and credit postings there were, and the debits and credits of pending
 * entries that nothing has posted or voided yet.
 *
 * `report_recipient_totals` holds the same sums for all time per recipient, over postings on expense
 * accounts (aid) only: the unfiltered report of aid per recipient reads one row per person there.
 *
 * The database keeps them, not the application: the entry's own insert trigger — the one place every
 * writer passes, the ledger service, the bulk builders and the test fixtures alike — adds the new
 * entry's postings, and when the entry posts or voids a pending one, takes that pending money back
 * out of the month it was counted in. It runs in the transaction of the entry, so the totals are
 * never behind the journal, and a failed entry leaves them as they were. Reports read whole months
 * (or `all`) here and only the days at the edges of a window from the postings themselves.
 *
 * `up` fills the totals of a ledger that already has entries, with the same rules in one recount.
 */

const TOTALS_TABLE = 'report_totals';
const RECIPIENT_TOTALS_TABLE = 'report_recipient_totals';
/** The period of the all-time rows; every other period is a month `YYYY-MM`. */
const ALL_TIME_PERIOD = 'all';

/** The sums kept per key, in the order the INSERTs below list them. */
const SUM_COLUMNS = [
  'posted_debit_tiyn',
  'posted_credit_tiyn',
  'reversal_debit_tiyn',
  'reversal_credit_tiyn',
  'debit_count',
  'credit_count',
  'pending_debit_tiyn',
  'pending_credit_tiyn',
] as const;
const KEY_COLUMNS = ['period', 'recipient_id', 'account_id', 'fund_id', 'patron_id'] as const;

/**
 * How finely a set of totals is kept: its table and key, and the key of a posting `p` of an entry
 * (aliased `entry`) as SQL expressions. PostgreSQL refuses a constant in GROUP BY, so the constant
 * period of the all-time rows is left out of `groupBy`.
 */
interface Grain {
  table: string;
  keyColumns: readonly string[];
  key: (entry: string) => string[];
  groupBy: (entry: string) => string[];
  /** Joined to `p` and required of it: which postings the grain counts. */
  join: string;
  where: string;
}
const PEOPLE_AND_ACCOUNT = [
  'COALESCE(p.recipient_id, 0)',
  'p.account_id',
  'COALESCE(p.fund_id, 0)',
  'COALESCE(p.patron_id, 0)',
];
const monthOf = (entry: string) => `SUBSTR(${entry}.date, 1, 7)`;
/** Per month (of the entry's value date), account, fund, recipient and patron. */
const MONTHLY: Grain = {
  table: TOTALS_TABLE,
  keyColumns: KEY_COLUMNS,
  key: (entry) => [monthOf(entry), ...PEOPLE_AND_ACCOUNT],
  groupBy: (entry) => [monthOf(entry), ...PEOPLE_AND_ACCOUNT],
  join: '',
  where: 'TRUE',
};
/** The same for all time, in the period `all`. */
const ALL_TIME: Grain = {
  ...MONTHLY,
  key: () => [`'${ALL_TIME_PERIOD}'`, ...PEOPLE_AND_ACCOUNT],
  groupBy: () => PEOPLE_AND_ACCOUNT,
};
/**
 * Aid per recipient for all time: postings on expense accounts that name a recipient, one row per
 * recipient. The report of aid per recipient without filters — the one a national center opens most —
 * reads one row per person here instead of one per person, category and fund.
 */
const PER_RECIPIENT: Grain = {
  table: RECIPIENT_TOTALS_TABLE,
  keyColumns: ['recipient_id'],
  key: () => ['p.recipient_id'],
  groupBy: () => ['p.recipient_id'],
  join: 'JOIN accounts AS account ON account.id = p.account_id',
  where: `p.recipient_id IS NOT NULL AND account.type = 'expense'`,
};
const GRAINS = [MONTHLY, ALL_TIME, PER_RECIPIENT];

/** The eight sums for a posting `p` of an entry with this status and reversal reference. */
function sumsOf(entry: { status: string; reverses: string }): string[] {
  const posted = `${entry.status} = 'posted'`;
  const plain = `${posted} AND ${entry.reverses} IS NULL`;
  const reversal = `${posted} AND ${entry.reverses} IS NOT NULL`;
  const pending = `${entry.status} = 'pending'`;
  return [
    `CASE WHEN ${plain} AND p.amount_tiyn > 0 THEN p.amount_tiyn ELSE 0 END`,
    `CASE WHEN ${plain} AND p.amount_tiyn < 0 THEN -p.amount_tiyn ELSE 0 END`,
    `CASE WHEN ${reversal} AND p.amount_tiyn > 0 THEN p.amount_tiyn ELSE 0 END`,
    `CASE WHEN ${reversal} AND p.amount_tiyn < 0 THEN -p.amount_tiyn ELSE 0 END`,
    `CASE WHEN ${posted} AND p.amount_tiyn > 0 THEN 1 ELSE 0 END`,
    `CASE WHEN ${posted} AND p.amount_tiyn < 0 THEN 1 ELSE 0 END`,
    `CASE WHEN ${pending} AND p.amount_tiyn > 0 THEN p.amount_tiyn ELSE 0 END`,
    `CASE WHEN ${pending} AND p.amount_tiyn < 0 THEN -p.amount_tiyn ELSE 0 END`,
  ];
}

/** The pending sums of a posting `p` taken back out, the other sums zero. */
const RELEASED_SUMS = [
  '0',
  '0',
  '0',
  '0',
  '0',
  '0',
  '-(CASE WHEN p.amount_tiyn > 0 THEN p.amount_tiyn ELSE 0 END)',
  '-(CASE WHEN p.amount_tiyn < 0 THEN -p.amount_tiyn ELSE 0 END)',
];

/**
 * Adds the rows of postings `p` (from `source`, filtered by `where`) to a grain's totals. PostgreSQL
 * refuses an upsert that meets the same key twice in one statement, so there the rows are summed per
 * key first (`grouped`); SQLite applies them one after the other, and needs no sort.
 */
function upsertSql(
  grain: Grain,
  options: { entry: string; sums: string[]; source: string; where: string; grouped: boolean },
): string {
  const { entry, sums, source, where, grouped } = options;
  const insert = `INSERT INTO ${grain.table} (${[...grain.keyColumns, ...SUM_COLUMNS].join(', ')})`;
  const from = `FROM ${source} ${grain.join} WHERE ${where} AND ${grain.where}`;
  const select = grouped
    ? `SELECT ${grain.key(entry).join(', ')}, ${sums.map((sum) => `SUM(${sum})`).join(', ')}
      ${from} GROUP BY ${grain.groupBy(entry).join(', ')}`
    : `SELECT ${grain.key(entry).join(', ')}, ${sums.join(', ')} ${from}`;
  const add = SUM_COLUMNS.map((column) => `${column} = ${grain.table}.${column} + excluded.${column}`);
  return `${insert} ${select} ON CONFLICT (${grain.keyColumns.join(', ')}) DO UPDATE SET ${add.join(', ')}`;
}

/**
 * Adds the postings of the entry just inserted to every grain: on SQLite, of the row trigger's `NEW`;
 * on PostgreSQL, of every entry the statement inserted (`new_entries`, the statement trigger's
 * transition table), in one set-based statement per grain however many entries a batch writes.
 */
function addNewEntriesSql(isPostgres: boolean): string[] {
  const entry = isPostgres ? 'e' : 'NEW';
  const sums = sumsOf({ status: `${entry}.status`, reverses: `${entry}.reverses_entry_id` });
  return GRAINS.map((grain) =>
    upsertSql(grain, {
      entry,
      sums,
      source: isPostgres ? 'new_entries AS e JOIN postings AS p ON p.entry_id = e.id' : 'postings AS p',
      where: isPostgres ? 'TRUE' : 'p.entry_id = NEW.id',
      grouped: isPostgres,
    }),
  );
}

/**
 * Takes the pending money of the entries that the new ones post or void back out of every grain, in
 * the month of each pending entry (where it was counted); a posting entry's own postings were added
 * by `addNewEntriesSql` in its own month.
 */
function releasePendingSql(isPostgres: boolean): string[] {
  return GRAINS.map((grain) =>
    upsertSql(grain, {
      entry: 'pending',
      sums: RELEASED_SUMS,
      source: isPostgres
        ? `new_entries AS e JOIN entries AS pending ON pending.id = e.pending_entry_id
           JOIN postings AS p ON p.entry_id = pending.id`
        : 'entries AS pending JOIN postings AS p ON p.entry_id = pending.id',
      where: isPostgres
        ? `pending.status = 'pending'`
        : `pending.id = NEW.pending_entry_id AND pending.status = 'pending'`,
      grouped: isPostgres,
    }),
  );
}

/**
 * The recount of the whole journal by the same rules, to fill the totals of an existing ledger:
 * postings of posted entries, and of pending entries that no entry posts or voids.
 */
function recountSql(): string[] {
  const sums = sumsOf({ status: 'e.status', reverses: 'e.reverses_entry_id' });
  const counted = `(e.status = 'posted' OR (e.status = 'pending' AND NOT EXISTS (
      SELECT 1 FROM entries AS resolution WHERE resolution.pending_entry_id = e.id)))`;
  return GRAINS.map((grain) =>
    upsertSql(grain, {
      entry: 'e',
      sums,
      source: 'postings AS p JOIN entries AS e ON e.id = p.entry_id',
      where: counted,
      grouped: true,
    }),
  );
}

function createTablesSql(isPostgres: boolean): string[] {
  const sums = SUM_COLUMNS.map((column) => `${column} bigint NOT NULL DEFAULT 0`).join(',\n      ');
  const withoutRowid = isPostgres ? '' : ' WITHOUT ROWID';
  return [
    `CREATE TABLE ${TOTALS_TABLE} (
      period varchar(7) NOT NULL,
      recipient_id bigint NOT NULL,
      account_id integer NOT NULL REFERENCES accounts (id),
      fund_id integer NOT NULL,
      patron_id bigint NOT NULL,
      ${sums},
      CONSTRAINT report_totals_period_known CHECK (period = '${ALL_TIME_PERIOD}' OR period LIKE '____-__'),
      PRIMARY KEY (${KEY_COLUMNS.join(', ')})
    )${withoutRowid}`,
    `CREATE TABLE ${RECIPIENT_TOTALS_TABLE} (
      recipient_id bigint NOT NULL PRIMARY KEY,
      ${sums}
    )${withoutRowid}`,
  ];
}

export async function up(knex: Knex): Promise<void> {
  const isPostgres = knex.client.config.client === 'pg';
  // The primary key starts with the period, then the recipient: the report of aid per recipient reads
  // one period's rows already in recipient order, and sums them without sorting.
  for (const statement of createTablesSql(isPostgres)) await knex.raw(statement);
  for (const statement of recountSql()) await knex.raw(statement);
  if (isPostgres) {
    await knex.raw(`
      CREATE FUNCTION jomart_keep_report_totals() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${addNewEntriesSql(true).join(';\n')};
        ${releasePendingSql(true).join(';\n')};
        RETURN NULL;
      END $$`);
    await knex.raw(`
      CREATE TRIGGER entries_keep_report_totals AFTER INSERT ON entries
      REFERENCING NEW TABLE AS new_entries
      FOR EACH STATEMENT EXECUTE FUNCTION jomart_keep_report_totals()`);
    return;
  }
  await knex.raw(`
    CREATE TRIGGER entries_keep_report_totals AFTER INSERT ON entries
    BEGIN ${addNewEntriesSql(false).join(';\n')}; END`);
  await knex.raw(`
    CREATE TRIGGER entries_release_pending_totals AFTER INSERT ON entries
    WHEN NEW.pending_entry_id IS NOT NULL
    BEGIN ${releasePendingSql(false).join(';\n')}; END`);
}

export async function down(knex: Knex): Promise<void> {
  const isPostgres = knex.client.config.client === 'pg';
  if (isPostgres) {
    await knex.raw('DROP TRIGGER IF EXISTS entries_keep_report_totals ON entries');
    await knex.raw('DROP FUNCTION IF EXISTS jomart_keep_report_totals');
  } else {
    await knex.raw('DROP TRIGGER IF EXISTS entries_keep_report_totals');
    await knex.raw('DROP TRIGGER IF EXISTS entries_release_pending_totals');
  }
  await knex.schema.dropTableIfExists(RECIPIENT_TOTALS_TABLE);
  await knex.schema.dropTableIfExists(TOTALS_TABLE);
}
