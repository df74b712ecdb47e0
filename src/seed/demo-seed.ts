import { randomBytes } from 'node:crypto';
import type { AuthenticatedUser, Requester } from '../auth/roles.js';
import { DuplicateError } from '../errors/duplicate-error.js';
import { DuplicateRecipientError } from '../errors/duplicate-recipient-error.js';
import { GENERAL_FUND_CODE } from '../ledger/chart.js';
import { Money } from '../money/money.js';
import type { Services } from '../services.js';
import { normalizeEmail, type PublicUser } from '../users/user-service.js';
import {
  DEMO_FUNDS,
  type DemoOptions,
  type DemoPlan,
  type PlannedAid,
  type PlannedDonation,
  planDemo,
} from './demo-plan.js';
import { SeedRefusedError } from './seed-refused-error.js';

/**
 * Books the demo plan through the same services the API uses, one entry per journal transaction,
 * as two staff members would: one records donations and aid, the other approves large aid.
 */
export const DEMO_STAFF = { email: 'demo.staff@jomart.local', name: 'Сапарова Айгерім (demo)' };
export const DEMO_APPROVER = { email: 'demo.approver@jomart.local', name: 'Ким Ольга (demo)' };
const TIYN_PER_TENGE = 100n;
const USERS_PAGE_LIMIT = 100;
const GENERATED_PASSWORD_BYTES = 12;

export interface DemoSeedOptions extends Omit<DemoOptions, 'approvalThresholdTenge'> {
  /** Write into a ledger that already has entries. */
  force: boolean;
}

export interface DemoSeedSummary {
  users: { email: string; generatedPassword: string | null }[];
  funds: number;
  patrons: number;
  recipients: number;
  donations: number;
  returnedDonations: number;
  aidPosted: number;
  aidPending: number;
  aidReversed: number;
  donatedTotal: Money;
  aidTotal: Money;
  peopleHelped: number;
  verified: boolean;
}

export type SeedProgress = (done: number, total: number) => void;

export async function seedDemo(
  services: Services,
  options: DemoSeedOptions,
  progress: SeedProgress = () => {},
): Promise<DemoSeedSummary> {
  const head = await services.ledger.journalHead();
  if (head.lastEntryId > 0 && !options.force) {
    throw new SeedRefusedError(
      `the ledger already has ${head.lastEntryId} entries: seed demo writes only into an empty one (use --force to add to it)`,
    );
  }
  const threshold = services.settings.aidApprovalThreshold;
  const plan = planDemo({ ...options, approvalThresholdTenge: Number(threshold.tiyn / TIYN_PER_TENGE) });
  const staff = await ensureUser(services, DEMO_STAFF);
  const approver = await ensureUser(services, DEMO_APPROVER);
  const booking = new DemoBooking(
    services,
    plan,
    requesterOf(staff.user, options.seed),
    requesterOf(approver.user, options.seed),
    `DEMO${options.seed}-${head.lastEntryId}`,
  );
  await booking.createPeopleAndFunds(progress);
  await booking.bookEvents(progress);
  return summarize(services, booking, [staff, approver]);
}

function requesterOf(user: PublicUser, seed: number): Requester {
  const authenticated: AuthenticatedUser = { ...user, patronId: null };
  return { user: authenticated, requestId: `seed-demo-${seed}` };
}

async function ensureUser(services: Services, wanted: { email: string; name: string }) {
  const generatedPassword = randomBytes(GENERATED_PASSWORD_BYTES).toString('base64url');
  try {
    const user = await services.users.create({ ...wanted, password: generatedPassword, role: 'staff' }, null);
    return { user, generatedPassword: generatedPassword as string | null };
  } catch (error) {
    if (!(error instanceof DuplicateError)) throw error;
    return { user: await findUser(services, wanted.email), generatedPassword: null };
  }
}

async function findUser(services: Services, email: string): Promise<PublicUser> {
  let beforeId: number | undefined;
  for (;;) {
    const page = await services.users.list({ beforeId, limit: USERS_PAGE_LIMIT });
    const found = page.items.find((user) => user.email === normalizeEmail(email));
    if (found) return found;
    if (page.items.length < USERS_PAGE_LIMIT) throw new Error(`user ${email} exists but cannot be found`);
    beforeId = page.items[page.items.length - 1]?.id;
  }
}

function tenge(amount: number): Money {
  return Money.fromTiyn(BigInt(amount) * TIYN_PER_TENGE);
}

class DemoBooking {
  readonly fundIds = new Map<string, number>();
  readonly patronIds: number[] = [];
  readonly recipientIds: number[] = [];
  readonly counts = { donations: 0, returnedDonations: 0, aidPosted: 0, aidPending: 0, aidReversed: 0 };
  private done = 0;

  constructor(
    private readonly services: Services,
    private readonly plan: DemoPlan,
    private readonly staff: Requester,
    private readonly approver: Requester,
    private readonly referencePrefix: string,
  ) {}

  private get total(): number {
    return this.plan.patrons.length + this.plan.recipients.length + this.plan.events.length;
  }

  async createPeopleAndFunds(progress: SeedProgress): Promise<void> {
    const { funds, patrons, recipients } = this.services;
    this.fundIds.set(GENERAL_FUND_CODE, (await funds.getByCode(GENERAL_FUND_CODE)).id);
    for (const fund of DEMO_FUNDS) this.fundIds.set(fund.code, await this.ensureFund(fund));
    const staffId = this.staff.user.id;
    for (const patron of this.plan.patrons) {
      this.patronIds.push(await reuseDuplicate(() => patrons.create(patron, staffId)));
      progress(++this.done, this.total);
    }
    for (const recipient of this.plan.recipients) {
      this.recipientIds.push(await reuseDuplicate(() => recipients.create(recipient, staffId)));
      progress(++this.done, this.total);
    }
  }

  async bookEvents(progress: SeedProgress): Promise<void> {
    for (const [index, event] of this.plan.events.entries()) {
      if (event.kind === 'donation') await this.bookDonation(event, index);
      else await this.bookAid(event);
      progress(++this.done, this.total);
    }
  }

  private async ensureFund(fund: (typeof DEMO_FUNDS)[number]): Promise<number> {
    try {
      const created = await this.services.funds.create({
        code: fund.code,
        name: fund.name,
        restricted: fund.restricted,
        capPerRecipientYear:
          fund.capPerRecipientYearTenge === null ? null : tenge(fund.capPerRecipientYearTenge),
      });
      return created.id;
    } catch (error) {
      if (!(error instanceof DuplicateError)) throw error;
      return (await this.services.funds.getByCode(fund.code)).id;
    }
  }

  private async bookDonation(donation: PlannedDonation, index: number): Promise<void> {
    const { ledger, donations } = this.services;
    const result = await ledger.transaction((trx) =>
      donations.record(
        {
          patronId: donation.patronIndex === null ? undefined : this.patronIds[donation.patronIndex],
          amount: tenge(donation.amountTenge),
          fundId: this.fundIds.get(donation.fundCode),
          date: donation.date,
          reference: donation.banked ? `${this.referencePrefix}-${index + 1}` : undefined,
          note: donation.banked ? undefined : 'донат-бокс / donation box',
        },
        this.staff,
        trx,
      ),
    );
    if (!donation.returned) {
      this.counts.donations++;
      return;
    }
    await ledger.transaction((trx) =>
      ledger.reverse(
        result.donation.entryId,
        {
          ...this.actor(this.staff),
          reason: 'returned to the sender: the transfer named another charity',
          date: donation.date,
        },
        trx,
      ),
    );
    this.counts.returnedDonations++;
  }

  private async bookAid(aid: PlannedAid): Promise<void> {
    const { ledger } = this.services;
    if (aid.mistakenAmountTenge !== null) {
      const mistaken = await this.pay(aid, aid.mistakenAmountTenge);
      await ledger.transaction((trx) =>
        ledger.reverse(
          mistaken.entryId,
          { ...this.actor(this.staff), reason: 'wrong amount: an extra zero was typed', date: aid.date },
          trx,
        ),
      );
      this.counts.aidReversed++;
    }
    const paid = await this.pay(aid, aid.amountTenge);
    if (paid.status === 'posted') {
      this.counts.aidPosted++;
    } else if (aid.approval === 'approve') {
      await ledger.transaction((trx) => this.services.aid.approve(paid.id, this.approver, trx));
      this.counts.aidPosted++;
    } else {
      this.counts.aidPending++;
    }
  }

  private async pay(aid: PlannedAid, amountTenge: number) {
    const result = await this.services.ledger.transaction((trx) =>
      this.services.aid.pay(
        {
          recipientId: this.recipientIds[aid.recipientIndex] as number,
          fundId: this.fundIds.get(aid.fundCode) as number,
          amount: tenge(amountTenge),
          category: aid.category,
          date: aid.date,
        },
        this.staff,
        trx,
      ),
    );
    return result.aid;
  }

  private actor(requester: Requester) {
    return { userId: requester.user.id, requestId: requester.requestId };
  }
}

/** Creates a patron or recipient, or, on a second run with --force, takes the one with the same tax id. */
async function reuseDuplicate(create: () => Promise<{ id: number }>): Promise<number> {
  try {
    return (await create()).id;
  } catch (error) {
    const existingId = (error as { details?: { existingId?: unknown } }).details?.existingId;
    if (
      (error instanceof DuplicateError || error instanceof DuplicateRecipientError) &&
      typeof existingId === 'number'
    ) {
      return existingId;
    }
    throw error;
  }
}

/** What the ledger now holds, read back through the reports (the whole ledger, not only this run). */
async function summarize(
  services: Services,
  booking: DemoBooking,
  users: { user: PublicUser; generatedPassword: string | null }[],
): Promise<DemoSeedSummary> {
  const donated = await services.reports.patrons({});
  const regions = await services.reports.regions({});
  const verification = await services.ledger.verify();
  return {
    users: users.map(({ user, generatedPassword }) => ({ email: user.email, generatedPassword })),
    funds: booking.fundIds.size,
    patrons: new Set(booking.patronIds).size,
    recipients: new Set(booking.recipientIds).size,
    ...booking.counts,
    donatedTotal: donated.totals.total,
    aidTotal: regions.totals.total,
    peopleHelped: regions.totals.people,
    verified: verification.ok,
  };
}
