import type { Knex } from 'knex';
import type { AuthenticatedUser } from '../auth/roles.js';
import { type Clock, todayInAlmaty } from '../calendar/business-date.js';
import type { Database } from '../db/database.js';
import type { DonationService } from '../donations/donation-service.js';
import { NotPostedError } from '../errors/not-posted-error.js';
import type { DisplayLanguage } from '../money/display.js';
import { Money } from '../money/money.js';
import type { PatronService } from '../patrons/patron-service.js';
import type { ReportService } from '../reports/report-service.js';
import { renderReceipt, renderStatement } from './document-pdf.js';
import { DocumentStore, type EntrySeal, type RegionAid } from './document-store.js';
import { DOCUMENT_TEXTS } from './document-texts.js';
import { type FundImpact, foldSmallRegions, type PatronImpact } from './impact.js';

/**
 * A statement lists at most this many donations (about 100 pages); beyond it the list is cut with a
 * note, while the count and the total still cover every donation of the year.
 */
export const MAX_STATEMENT_LINES = 5_000;

/**
 * Patron documents: a receipt per posted donation, a yearly statement, and what the funds a patron
 * gave to have done with the money. A patron reads only their own (others' are NOT_FOUND, like
 * every other record a patron may not see); staff, admins and auditors read every patron's.
 * Anonymous patrons — and patrons whose personal data was erased — are named «Аноним» /
 * "Anonymous" on every document, whoever asks for it (SPEC §5).
 */
export class DocumentService {
  private readonly store = new DocumentStore();

  constructor(
    readonly database: Database,
    readonly clock: Clock,
    readonly donations: DonationService,
    readonly patrons: PatronService,
    // Kept for the wiring in services.ts; documents run their own queries (document-store.ts).
    readonly reports: ReportService,
  ) {}

  /**
   * The receipt of a posted donation. Pending and voided donations moved no money: NOT_POSTED. A
   * donation reversed after it was posted still gets its receipt, marked reversed and naming the
   * reversal, so the patron sees what happened and the document cannot pass for proof of a gift.
   */
  async receipt(donationId: number, language: DisplayLanguage, viewer: AuthenticatedUser): Promise<Buffer> {
    const donation = await this.donations.get(donationId, viewer);
    if (donation.status !== 'posted' || donation.postedEntryId === null) {
      throw new NotPostedError(
        `donation ${donationId} is ${donation.status}: a receipt is issued only once its money is posted`,
        { donationId, status: donation.status },
      );
    }
    const knex = this.database.knex;
    const entryIds = [
      donation.postedEntryId,
      ...(donation.reversedByEntryId ? [donation.reversedByEntryId] : []),
    ];
    const seals = await this.store.entrySeals(knex, entryIds);
    const fundName = await this.store.fundName(knex, donation.fundId);
    if (fundName === null)
      throw new Error(`donation ${donationId} names fund ${donation.fundId}, which is missing`);
    return renderReceipt({
      language,
      donationId,
      date: requireSeal(seals, donation.postedEntryId).date,
      patronName: await this.displayName(donation.patronId, language, viewer),
      amount: donation.amount,
      fundName,
      postedEntry: requireSeal(seals, donation.postedEntryId),
      reversal: donation.reversedByEntryId === null ? null : requireSeal(seals, donation.reversedByEntryId),
      issuedOn: todayInAlmaty(this.clock),
      issuedAt: this.clock.now(),
    });
  }

  /**
   * The patron's posted donations whose money moved in `year` (by the value date of the posting
   * entry), oldest first. A donation reversed since is listed, marked reversed, and left out of the
   * total — whenever the reversal was dated — so the total is what the patron has given for good.
   */
  async statement(
    patronId: number,
    year: number,
    language: DisplayLanguage,
    viewer: AuthenticatedUser,
  ): Promise<Buffer> {
    const patronName = await this.displayName(patronId, language, viewer);
    const period = { from: `${year}-01-01`, to: `${year}-12-31` };
    const { lines, totals } = await this.inSnapshot(async (trx) => ({
      lines: await this.store.statementLines(trx, patronId, period, MAX_STATEMENT_LINES),
      totals: await this.store.statementTotals(trx, patronId, period),
    }));
    return renderStatement({
      language,
      year,
      patronId,
      patronName,
      lines,
      totals,
      issuedOn: todayInAlmaty(this.clock),
      issuedAt: this.clock.now(),
    });
  }

  /**
   * For each fund the patron gave to (posted gifts net of reversals, above zero): how much posted aid
   * the fund has paid in all, to how many people, and in which regions — regions with fewer than
   * five people folded into 'other'. Aggregates only: no name, id or IIN of any recipient.
   */
  async impact(patronId: number, viewer: AuthenticatedUser): Promise<PatronImpact> {
    await this.patrons.get(patronId, viewer);
    const { gifts, regionAid } = await this.inSnapshot(async (trx) => {
      const gifts = (await this.store.fundGifts(trx, patronId)).filter((gift) => gift.given.isPositive());
      return {
        gifts,
        regionAid: await this.store.regionAid(
          trx,
          gifts.map((gift) => gift.fundId),
        ),
      };
    });
    return { patronId, funds: gifts.map((gift) => fundImpact(gift, regionAid)) };
  }

  /** The patron's name as documents print it; NOT_FOUND for a patron the viewer may not see. */
  private async displayName(
    patronId: number | null,
    language: DisplayLanguage,
    viewer: AuthenticatedUser,
  ): Promise<string> {
    const anonymous = DOCUMENT_TEXTS[language].anonymous;
    if (patronId === null) return anonymous;
    const patron = await this.patrons.get(patronId, viewer);
    return patron.anonymous || patron.name === null ? anonymous : patron.name;
  }

  /** Several reads that must agree with each other see one state of the database. */
  private inSnapshot<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    const options =
      this.database.kind === 'postgres' ? { isolationLevel: 'repeatable read' as const, readOnly: true } : {};
    return this.database.knex.transaction(work, options);
  }
}

function fundImpact(gift: Omit<FundImpact, 'aid'>, regionAid: readonly RegionAid[]): FundImpact {
  const groups = regionAid
    .filter((row) => row.fundId === gift.fundId)
    .map((row) => ({ region: row.region, people: row.people, total: row.total }));
  return {
    ...gift,
    aid: {
      total: Money.sum(groups.map((group) => group.total)),
      people: groups.reduce((sum, group) => sum + group.people, 0),
      regions: foldSmallRegions(groups),
    },
  };
}

function requireSeal(seals: ReadonlyMap<number, EntrySeal>, entryId: number): EntrySeal {
  const seal = seals.get(entryId);
  if (!seal) throw new Error(`entry ${entryId} is named by a donation but missing from the journal`);
  return seal;
}
