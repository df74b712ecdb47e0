import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { VerifyResult } from '../ledger/ledger-types.js';
import { EXIT_ERROR, EXIT_FAILED_CHECK, servicesOver, withDatabase } from './cli-support.js';

/** What PostgreSQL users run instead: its own tools make a consistent online dump. */
export const POSTGRES_BACKUP_ADVICE = [
  'the database is PostgreSQL: back it up with its own tools, which dump one consistent snapshot while the server runs:',
  '  pg_dump --format=custom --file=jomart.dump "$DATABASE_URL"',
  'and restore the dump into a new, empty database (createdb), then point DATABASE_URL at it:',
  '  pg_restore --no-owner --exit-on-error --dbname="$NEW_DATABASE_URL" jomart.dump',
].join('\n');

/** SQLite's companions of a database file: a file left beside a restored database would corrupt it. */
const SQLITE_SIDE_FILES = ['-wal', '-shm', '-journal'];

/**
 * `jomart backup FILE`: a consistent copy of the live SQLite database, taken while the server may be
 * writing. `VACUUM INTO` reads the whole database in one read transaction — in WAL mode writers go
 * on meanwhile, and the copy is the journal exactly as some commit left it (never half an entry) —
 * into a new, compact file. It is written beside FILE and renamed when checked (integrity and hash
 * chain), so a file named FILE is always a whole, verified backup.
 *
 * `jomart restore FILE`: checks a backup the same way and installs it as DATA_DIR/jomart.db, only
 * where no database is (it never overwrites one). The server migrates it on start.
 */
export function backupCommands(): Command[] {
  const backup = new Command('backup')
    .description('copy the live SQLite database to FILE, consistently, while the server may be writing')
    .argument('<file>', 'the backup file to create (must not exist)')
    .action((file: string) =>
      withDatabase(async (database, config) => {
        if (database.kind === 'postgres') {
          console.error(`backup: ${POSTGRES_BACKUP_ADVICE}`);
          return EXIT_ERROR;
        }
        if (fs.existsSync(file)) {
          console.error(`backup: ${file} exists; name a new file (a backup never overwrites one)`);
          return EXIT_ERROR;
        }
        const partial = `${file}.partial`;
        fs.rmSync(partial, { force: true });
        try {
          await database.knex.raw('VACUUM INTO ?', [partial]);
          const result = await checkBackup(partial, config);
          if (!result.ok) {
            console.error(`backup: the copy does not verify (${result.problem}); nothing written`);
            return EXIT_FAILED_CHECK;
          }
          fs.renameSync(partial, file);
          console.log(
            `backup written to ${file}: ${result.entries} entries, journal head ${result.headHash}, ` +
              `${fs.statSync(file).size} bytes`,
          );
          return 0;
        } finally {
          fs.rmSync(partial, { force: true });
        }
      }),
    );

  const restore = new Command('restore')
    .description(
      'check a backup made by `jomart backup` and install it as DATA_DIR/jomart.db (never overwrites)',
    )
    .argument('<file>', 'the backup file')
    .action(async (file: string) => {
      process.exitCode = await restoreBackup(file);
    });

  return [backup, restore];
}

async function restoreBackup(file: string): Promise<number> {
  const [{ loadConfig }, { SQLITE_FILE_NAME }] = await Promise.all([
    import('../config.js'),
    import('../db/database.js'),
  ]);
  const config = loadConfig();
  if (config.databaseUrl) {
    console.error(`restore: ${POSTGRES_BACKUP_ADVICE}`);
    return EXIT_ERROR;
  }
  if (!fs.existsSync(file)) {
    console.error(`restore: ${file} does not exist`);
    return EXIT_ERROR;
  }
  const target = path.join(config.dataDir, SQLITE_FILE_NAME);
  const present = [target, ...SQLITE_SIDE_FILES.map((suffix) => target + suffix)].filter((name) =>
    fs.existsSync(name),
  );
  if (present.length > 0) {
    console.error(
      `restore: ${present.join(', ')} exists; stop the server and move it away, or restore into an empty DATA_DIR`,
    );
    return EXIT_ERROR;
  }
  const result = await checkBackup(file, config).catch((error: unknown) => {
    console.error(`restore: ${file} is not a readable SQLite database (${errorText(error)})`);
    return null;
  });
  if (result === null) return EXIT_ERROR;
  if (!result.ok) {
    console.error(
      `restore: the backup does not verify at entry ${result.firstBadEntryId}: ${result.problem}`,
    );
    return EXIT_FAILED_CHECK;
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const partial = `${target}.partial`;
  fs.copyFileSync(file, partial);
  fs.renameSync(partial, target);
  console.log(`restored ${file} to ${target}: ${result.entries} entries, journal head ${result.headHash}`);
  return 0;
}

/**
 * Opens a backup read-only (so checking it changes nothing, not even its journal mode), runs
 * SQLite's integrity check and the ledger's own verify (hash chain and kept balances).
 */
export async function checkBackup(file: string, config: Config): Promise<VerifyResult> {
  const { default: knex } = await import('knex');
  const connection = knex({
    client: 'better-sqlite3',
    connection: { filename: file, options: { readonly: true } },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
  try {
    const integrity: Array<{ integrity_check: string }> = await connection.raw('PRAGMA integrity_check');
    const verdict = integrity.map((row) => row.integrity_check).join('; ');
    if (verdict !== 'ok') {
      return {
        ok: false,
        entries: 0,
        headHash: '',
        firstBadEntryId: null,
        problem: `integrity check: ${verdict}`,
      };
    }
    const database: Database = { knex: connection, kind: 'sqlite', location: file };
    return await (await servicesOver(database, config)).ledger.verify();
  } finally {
    await connection.destroy();
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
