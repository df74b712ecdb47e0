import { expect } from 'chai';
import { parseAmount } from '../../src/money/money.js';
import { taxIdCheckDigit } from '../../src/people/tax-id.js';
import type { Actor, ApiHarness } from '../support/api-harness.js';
import type { AidFact, DonationFact } from './report-model.js';

/**
 * Builds a ledger through the public API and writes down, as facts for the model, what every
 * request did: so tests compare the reports with what was asked for, not with what the ledger says.
 */
export interface RecipientRecord {
  id: number;
  iin: string;
  fullName: string;
  region: string;
}

export interface AidRequest {
  recipient: RecipientRecord;
  fundId: number;
  category: string;
  amount: string;
  date: string;
  actor?: Actor;
}

export class ReportScenario {
  readonly aid: AidFact[] = [];
  readonly donations: DonationFact[] = [];
  readonly recipients: RecipientRecord[] = [];
  private iinSerial: number;

  constructor(
    private readonly api: ApiHarness,
    /** Makes IINs unique among scenarios sharing one database. */
    iinSeed = 0,
  ) {
    this.iinSerial = iinSeed * 1000;
  }

  async fund(code: string): Promise<number> {
    const response = await this.api
      .post('admin', '/v1/funds', { code, name: `Fund ${code}`, restricted: true })
      .expect(201);
    return response.body.id;
  }

  async patron(name: string, options: { kind?: string; anonymous?: boolean } = {}): Promise<number> {
    const body = { name, kind: options.kind ?? 'individual', anonymous: options.anonymous ?? false };
    return (await this.api.post('staff', '/v1/patrons', body).expect(201)).body.id;
  }

  async recipient(fullName: string, region: string): Promise<RecipientRecord> {
    const iin = this.nextIin();
    const response = await this.api.post('staff', '/v1/recipients', { iin, fullName, region });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    const record = { id: response.body.id as number, iin, fullName, region };
    this.recipients.push(record);
    return record;
  }

  /** A donation recorded by staff: posted at once. */
  async donate(input: {
    patronId?: number;
    fundId: number;
    amount: string;
    date: string;
  }): Promise<DonationFact> {
    const response = await this.api.post('staff', '/v1/donations', input);
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    const fact: DonationFact = {
      donationId: response.body.id,
      postedEntryId: response.body.entryId,
      patronId: input.patronId ?? null,
      fundId: input.fundId,
      amountTiyn: parseAmount(input.amount).tiyn,
      date: input.date,
      outcome: 'posted',
      reversedOn: null,
    };
    this.donations.push(fact);
    return fact;
  }

  /** A donation declared by the logged-in patron: pending until confirmed or rejected. */
  async declare(input: { fundId: number; amount: string; date: string }): Promise<DonationFact> {
    const response = await this.api.post('patron', '/v1/donations', input);
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    expect(response.body.status).to.equal('pending');
    const fact: DonationFact = {
      donationId: response.body.id,
      postedEntryId: null,
      patronId: this.api.patronId,
      fundId: input.fundId,
      amountTiyn: parseAmount(input.amount).tiyn,
      date: input.date,
      outcome: 'pending',
      reversedOn: null,
    };
    this.donations.push(fact);
    return fact;
  }

  async confirm(fact: DonationFact): Promise<void> {
    const response = await this.api.post('staff', `/v1/donations/${fact.donationId}/confirm`).expect(200);
    fact.outcome = 'posted';
    fact.postedEntryId = response.body.postedEntryId ?? null;
  }

  async rejectDonation(fact: DonationFact): Promise<void> {
    await this.api.post('staff', `/v1/donations/${fact.donationId}/reject`, {}).expect(200);
    fact.outcome = 'voided';
  }

  /** Aid: posted below the approval threshold, pending at or above it. */
  async pay(request: AidRequest): Promise<AidFact> {
    const response = await this.api.post(request.actor ?? 'staff', '/v1/aid', {
      recipientId: request.recipient.id,
      fundId: request.fundId,
      amount: request.amount,
      category: request.category,
      date: request.date,
    });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    const fact: AidFact = {
      aidId: response.body.id,
      postedEntryId: response.body.status === 'posted' ? response.body.entryId : null,
      recipientId: request.recipient.id,
      region: request.recipient.region,
      fundId: request.fundId,
      category: request.category,
      amountTiyn: parseAmount(request.amount).tiyn,
      date: request.date,
      outcome: response.body.status,
      reversedOn: null,
    };
    this.aid.push(fact);
    return fact;
  }

  /** Approves pending aid as someone other than staff (who create it in these tests). */
  async approve(fact: AidFact): Promise<void> {
    const response = await this.api.post('staff2', `/v1/aid/${fact.aidId}/approve`);
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    fact.outcome = 'posted';
    fact.postedEntryId = response.body.postedEntryId;
  }

  async rejectAid(fact: AidFact): Promise<void> {
    await this.api.post('staff2', `/v1/aid/${fact.aidId}/reject`, { reason: 'paid elsewhere' }).expect(200);
    fact.outcome = 'voided';
  }

  /** Reverses posted aid or a posted donation with a reversal dated `date`. */
  async reverse(fact: AidFact | DonationFact, date: string): Promise<void> {
    expect(fact.postedEntryId, 'only posted money can be reversed').to.be.a('number');
    const response = await this.api.post('staff', `/v1/entries/${fact.postedEntryId}/reverse`, {
      reason: 'booked by mistake',
      date,
    });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    fact.reversedOn = date;
  }

  /** A fresh IIN with a valid check digit. */
  private nextIin(): string {
    for (;;) {
      this.iinSerial += 1;
      const first11 = `9001${String(this.iinSerial).padStart(7, '0')}`;
      const checkDigit = taxIdCheckDigit(first11);
      if (checkDigit !== null) return `${first11}${checkDigit}`;
    }
  }
}
