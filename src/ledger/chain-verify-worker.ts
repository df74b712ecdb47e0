// The worker thread of ChainVerifier: checks one range of entry ids of a SQLite journal on a
// read-only connection of its own, and posts back its RangeReport.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import {
  checkRange,
  ENTRY_SQL,
  type EntryRow,
  POSTING_SQL,
  type PostingRow,
  sqliteRows,
  type VerifyWorkerData,
} from './chain-verifier.js';

const { file, range, codes, windowIds } = workerData as VerifyWorkerData;
const connection = new Database(file, { readonly: true, fileMustExist: true });
try {
  // One read transaction: the range is read from one snapshot.
  connection.exec('BEGIN');
  const report = await checkRange(
    sqliteRows<EntryRow>(connection, ENTRY_SQL, range, windowIds),
    sqliteRows<PostingRow>(connection, POSTING_SQL, range, windowIds),
    range,
    new Map(codes),
  );
  connection.exec('COMMIT');
  parentPort?.postMessage(report);
} finally {
  connection.close();
}
