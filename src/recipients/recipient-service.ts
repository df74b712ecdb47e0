import type { Knex } from 'knex';
import type { Clock } from '../calendar/business-date.js';
import type { PersonalDataKey } from '../people/personal-data-key.js';

/** Recipients: the people aid is paid to. (Being built: see recipient-routes.ts.) */
export class RecipientService {
  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly personalDataKey: PersonalDataKey,
  ) {}

  /** True when a recipient with this id exists (erased ones included: their aid stays in the books). */
  async exists(id: number, trx?: Knex.Transaction): Promise<boolean> {
    const row = await (trx ?? this.db)('recipients').where({ id }).first('id');
    return row !== undefined;
  }
}
