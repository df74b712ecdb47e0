import { Command } from 'commander';
import type { ImportSummary } from '../statements/statement-import-service.js';
import type { StatementReader } from '../statements/statement-reader.js';
import { EXIT_ERROR, EXIT_FAILED_CHECK, migrate, servicesOver, withDatabase } from './cli-support.js';
import { withSteadyMemory } from './steady-memory.js';

/** How often the plain progress line is printed when stderr is not a terminal. */
const PROGRESS_LINE_INTERVAL_MS = 5_000;

/** `jomart import-statement FILE.csv`: books a bank statement; exit 0 clean, 1 rows rejected, 2 unreadable. */
export function importStatementCommand(): Command {
  return new Command('import-statement')
    .description(
      'book the incoming transfers of a bank statement CSV as donations (idempotent by bank reference); ' +
        'exit 0 all booked or already booked, 1 some rows rejected (see FILE.rejects.csv), 2 file unreadable',
    )
    .argument('<file>', 'the statement CSV (UTF-8 or Windows-1251, ";" or "," separated)')
    .option('--as <email>', 'the staff or admin user the import is recorded as (default: the first admin)')
    .action((file: string, options: { as?: string }) =>
      withDatabase(async (database, config) => {
        await migrate(database);
        const [
          { UnreadableStatementError },
          { RejectsFile },
          { StatementImportService },
          { StatementReader },
        ] = await Promise.all([
          import('../errors/unreadable-statement-error.js'),
          import('../statements/rejects-file.js'),
          import('../statements/statement-import-service.js'),
          import('../statements/statement-reader.js'),
        ]);
        let reader: StatementReader;
        try {
          reader = await StatementReader.open(file);
        } catch (error) {
          if (!(error instanceof UnreadableStatementError)) throw error;
          console.error(`${file}: ${error.message}; nothing booked`);
          return EXIT_ERROR;
        }
        const service = new StatementImportService(await servicesOver(database, config));
        const requester = await service.requesterFor(options.as);
        const rejects = new RejectsFile(RejectsFile.pathFor(file), reader.format);
        const progress = await progressReporter(reader.sizeBytes);
        let summary: ImportSummary;
        try {
          summary = await withSteadyMemory(() =>
            service.import(reader, requester, {
              rejected: (problem) => {
                rejects.write(problem);
                progress.log(`line ${problem.line}: ${problem.reason}`);
              },
              progress: (sofar, bytesRead) => progress.update(sofar, bytesRead),
            }),
          );
        } finally {
          progress.stop();
          reader.close();
          await rejects.close();
        }
        console.log(
          `${file}: ${summary.booked} booked, ${summary.alreadyBooked} skipped as already booked, ` +
            `${summary.rejected} rejected; total booked ${summary.totalBooked.toString()} KZT ` +
            `(as ${requester.user.email}, request ${requester.requestId})` +
            (summary.rejected > 0 ? `; rejected rows in ${rejects.path}` : ''),
        );
        return summary.rejected > 0 ? EXIT_FAILED_CHECK : 0;
      }),
    );
}

interface ProgressReporter {
  update(summary: ImportSummary, bytesRead: number): void;
  log(message: string): void;
  stop(): void;
}

/** A bar with rows/s on a terminal; a plain line every few seconds otherwise (logs, CI). */
async function progressReporter(totalBytes: number): Promise<ProgressReporter> {
  const startedAt = Date.now();
  const rate = (rows: number) => Math.round(rows / Math.max((Date.now() - startedAt) / 1000, 0.001));
  if (!process.stderr.isTTY) {
    let lastLineAt = startedAt;
    return {
      update(summary, bytesRead) {
        if (Date.now() - lastLineAt < PROGRESS_LINE_INTERVAL_MS) return;
        lastLineAt = Date.now();
        const percent = totalBytes === 0 ? 100 : Math.round((100 * bytesRead) / totalBytes);
        console.error(`… ${summary.rows} rows read (${percent}%), ${rate(summary.rows)} rows/s`);
      },
      log: (message) => console.error(message),
      stop() {},
    };
  }
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      format: '{bar} {percentage}% | {rows} rows | {rate} rows/s | {booked} booked, {rejected} rejected',
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(totalBytes, 1), 0, { rows: 0, rate: 0, booked: 0, rejected: 0 });
  return {
    update(summary, bytesRead) {
      bar.update(Math.min(bytesRead, Math.max(totalBytes, 1)), {
        rows: summary.rows,
        rate: rate(summary.rows),
        booked: summary.booked,
        rejected: summary.rejected,
      });
    },
    // A reject is written to the rejects file and summed at the end; the bar is not interrupted.
    log() {},
    stop: () => bar.stop(),
  };
}
