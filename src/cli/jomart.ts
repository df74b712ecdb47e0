#!/usr/bin/env node
import fs from 'node:fs';
import { Command, Option } from 'commander';
import type { LedgerExportRequest, LedgerExportSummary } from '../exports/export-service.js';
import { EXPORT_FORMATS, type ExportFormat } from '../exports/export-types.js';
import type { Services } from '../services.js';
import { adminCommands } from './admin-commands.js';
import { backupCommands } from './backup-command.js';
import { EXIT_ERROR, EXIT_FAILED_CHECK, migrate, servicesOver, withDatabase } from './cli-support.js';
import { importStatementCommand } from './import-statement-command.js';

const program = new Command()
  .name('jomart')
  .description('Jomart Ledger: the command line for staff and auditors (uses DATABASE_URL or DATA_DIR)')
  .showHelpAfterError();

program
  .command('migrate')
  .description('apply the database migrations that have not run yet')
  .action(() =>
    withDatabase(async (database) => {
      const applied = await migrate(database);
      console.log(applied.length === 0 ? 'schema is up to date' : `applied: ${applied.join(', ')}`);
      return 0;
    }),
  );

program
  .command('verify')
  .description(
    'recompute the hash chain of the live journal; exit 1 and name the first bad entry if it breaks',
  )
  .option('--json', 'print the result as JSON')
  .action((options: { json?: boolean }) =>
    withDatabase(async (database, config) => {
      await migrate(database);
      const result = await (await servicesOver(database, config)).ledger.verify();
      if (options.json) console.log(JSON.stringify(result));
      else if (result.ok) console.log(`journal verified: ${result.entries} entries, head ${result.headHash}`);
      else console.log(`journal BROKEN at entry ${result.firstBadEntryId ?? '-'}: ${result.problem}`);
      return result.ok ? 0 : EXIT_FAILED_CHECK;
    }),
  );

program
  .command('export')
  .description(
    'write the ledger export (the same stream as GET /v1/exports/ledger) to a file, or to stdout; the summary goes to stderr',
  )
  .addOption(
    new Option('--format <format>', 'the export format').choices(EXPORT_FORMATS).makeOptionMandatory(),
  )
  .option('--from <date>', 'first value date, YYYY-MM-DD, inclusive')
  .option('--to <date>', 'last value date, YYYY-MM-DD, inclusive')
  .option('-o, --output <file>', 'write here (via FILE.partial, renamed when complete) instead of stdout')
  .action((options: { format: ExportFormat; from?: string; to?: string; output?: string }) =>
    withDatabase(async (database, config) => {
      await migrate(database);
      const services = await servicesOver(database, config);
      const request = { format: options.format, from: options.from, to: options.to };
      const summary = options.output
        ? await exportToFile(services, request, options.output)
        : await services.exports.writeLedger(request, process.stdout, { endSink: false });
      const range = summary.partial ? ` (value dates ${options.from ?? '…'} to ${options.to ?? '…'})` : '';
      console.error(
        `exported ${summary.entries} entries${range} as ${summary.format}, journal head ${summary.headHash}` +
          (options.output ? ` to ${options.output}` : ''),
      );
      return 0;
    }),
  );

program
  .command('verify-export')
  .description(
    'check an NDJSON export offline (no database): every hash, link and count; exit 0 intact, 1 broken (naming the first bad line and entry), 2 unreadable',
  )
  .argument('<file>', 'the NDJSON export, or - for stdin')
  .option('--json', 'print the result as JSON')
  .action(async (file: string, options: { json?: boolean }) => {
    const { describeVerification, linesOf, verifyExport, verifyExportFile } = await import(
      '../exports/export-verifier.js'
    );
    const result =
      file === '-'
        ? await verifyExport(linesOf(process.stdin.setEncoding('utf8')))
        : await verifyExportFile(file);
    console.log(options.json ? JSON.stringify(result) : describeVerification(result));
    process.exitCode = !result.readable ? EXIT_ERROR : result.ok ? 0 : EXIT_FAILED_CHECK;
  });

/** Writes next to the file and renames when complete, so a failed export never looks like a whole one. */
async function exportToFile(
  services: Services,
  request: LedgerExportRequest,
  output: string,
): Promise<LedgerExportSummary> {
  const partialPath = `${output}.partial`;
  try {
    const summary = await services.exports.writeLedger(request, fs.createWriteStream(partialPath));
    fs.renameSync(partialPath, output);
    return summary;
  } catch (error) {
    fs.rmSync(partialPath, { force: true });
    throw error;
  }
}

for (const command of [importStatementCommand(), ...adminCommands(), ...backupCommands()]) {
  program.addCommand(command);
}

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(EXIT_ERROR);
});
