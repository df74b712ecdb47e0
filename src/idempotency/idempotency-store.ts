import type { Knex } from 'knex';

export interface StoredResponse {
  requestHash: string;
  status: number;
  body: unknown;
}

/** Responses of money-moving requests by (user, Idempotency-Key), written in the request's own transaction. */
export class IdempotencyStore {
  async find(trx: Knex.Transaction, userId: number, key: string): Promise<StoredResponse | null> {
    const row = await trx('idempotency_keys').where({ user_id: userId, key }).first();
    if (!row) return null;
    return {
      requestHash: row.request_hash,
      status: Number(row.response_status),
      body: JSON.parse(row.response_body),
    };
  }

  async insert(trx: Knex.Transaction, userId: number, key: string, response: StoredResponse, at: string) {
    await trx('idempotency_keys').insert({
      user_id: userId,
      key,
      request_hash: response.requestHash,
      response_status: response.status,
      response_body: JSON.stringify(response.body),
      created_at: at,
    });
  }
}
