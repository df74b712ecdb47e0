import { Command } from 'commander';

/** `jomart import-statement FILE.csv` (being built). */
export function importStatementCommand(): Command {
  return new Command('import-statement').description(
    'book the incoming transfers of a bank statement CSV (coming)',
  );
}
