import { once } from 'node:events';
import fs from 'node:fs';
import { stringify } from 'csv-stringify';
import type { StatementFormat, StatementProblem } from './statement-reader.js';

/**
 * FILE.rejects.csv: each rejected row with its line number and reason, then its fields as read, in
 * UTF-8 with the statement's separator, so a person can fix the rows and import the file again.
 * Opened on the first reject; a clean run removes one left by an earlier run, so it never misleads.
 */
export class RejectsFile {
  private output: ReturnType<typeof stringify> | null = null;
  private finished: Promise<unknown> | null = null;

  constructor(
    readonly path: string,
    private readonly format: StatementFormat,
  ) {}

  static pathFor(statementPath: string): string {
    return `${statementPath.replace(/\.csv$/i, '')}.rejects.csv`;
  }

  write(problem: StatementProblem): void {
    if (this.output === null) {
      this.output = stringify({ delimiter: this.format.separator });
      const file = fs.createWriteStream(this.path);
      this.finished = once(file, 'finish');
      this.output.pipe(file);
      this.output.write(['line', 'reason', ...this.format.header]);
    }
    this.output.write([String(problem.line), problem.reason, ...problem.fields]);
  }

  /** Flushes the file to disk, or removes a stale one when nothing was rejected. */
  async close(): Promise<void> {
    if (this.output === null) {
      fs.rmSync(this.path, { force: true });
      return;
    }
    this.output.end();
    await this.finished;
  }
}
