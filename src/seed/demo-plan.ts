import type { AidCategory } from '../ledger/chart.js';
import { GENERAL_FUND_CODE } from '../ledger/chart.js';
import { REGIONS, type RegionCode } from '../recipients/regions.js';
import { DemoPeople } from './demo-people.js';
import { SeededRandom } from './seeded-random.js';

/**
 * The demo data set as a plan: who exists and what happens on which day, decided from the seed
 * alone (no database, no clock), so the same seed always gives the same books. demo-seed.ts then
 * books the plan through the services one entry at a time. Amounts are whole tenge.
 */
/**
 * The last whole calendar year before this project's first release (2026-11): every demo date lies
 * in the past, so no report, trial balance or statement has to leave part of the year out.
 */
export const DEMO_YEAR = 2025;
/** At scale 1: money donated in the year, in tenge, and people given aid. */
export const FULL_SCALE_DONATIONS_TENGE = 305_000_000;
export const FULL_SCALE_RECIPIENTS = 35_000;
const FULL_SCALE_DONATIONS = 12_000;
const FULL_SCALE_INDIVIDUAL_PATRONS = 4_000;
const FULL_SCALE_COMPANIES = 150;
const FULL_SCALE_LARGE_AID = 30;
const FULL_SCALE_MISTAKEN_AID = 150;
const FULL_SCALE_RETURNED_DONATIONS = 20;
/** The share of each fund's money that is paid out as aid within the year; the rest is the reserve. */
const AID_SHARE_OF_DONATIONS = 0.85;
/** Aid above the approval threshold is paid from the general fund and takes at most this share of its aid. */
const LARGE_AID_SHARE_OF_GENERAL = 0.7;
const MINIMUM_AID_TENGE = 1_000;
const AMOUNT_ROUNDING_TENGE = 100;

export interface DemoFund {
  code: string;
  name: string;
  restricted: boolean;
  capPerRecipientYearTenge: number | null;
}

export const DEMO_FUNDS: readonly DemoFund[] = [
  {
    code: 'winter-help',
    name: 'Қысқы көмек / Зимняя помощь',
    restricted: true,
    capPerRecipientYearTenge: null,
  },
  {
    code: 'school-kits',
    name: 'Мектепке жол / Дорога в школу',
    restricted: true,
    capPerRecipientYearTenge: 60_000,
  },
  {
    code: 'medical',
    name: 'Емделуге көмек / Помощь на лечение',
    restricted: true,
    capPerRecipientYearTenge: null,
  },
];

/** Thousands of inhabitants, roughly: recipients are spread over the regions like the people are. */
const REGION_POPULATION_THOUSANDS: Partial<Record<string, number>> = {
  'KZ-10': 600,
  'KZ-11': 780,
  'KZ-15': 930,
  'KZ-19': 1500,
  'KZ-23': 700,
  'KZ-27': 690,
  'KZ-31': 1220,
  'KZ-33': 700,
  'KZ-35': 1130,
  'KZ-39': 830,
  'KZ-43': 830,
  'KZ-47': 780,
  'KZ-55': 750,
  'KZ-59': 530,
  'KZ-61': 2100,
  'KZ-62': 220,
  'KZ-63': 730,
  'KZ-71': 1400,
  'KZ-75': 2250,
  'KZ-79': 1250,
};
const MONTH_DONATION_WEIGHTS = [1.0, 0.8, 1.2, 0.8, 0.8, 1.0, 0.7, 1.0, 1.0, 0.9, 1.1, 1.6];
const WINTER_MONTHS = [1, 2, 3, 11, 12];
const RECIPIENT_GROUPS: readonly (readonly [string, number])[] = [
  ['low-income', 5],
  ['large-family', 4],
  ['pensioner', 3],
  ['disability', 2],
  ['orphan', 1],
];
const GENERAL_CATEGORIES: readonly (readonly [AidCategory, number])[] = [
  ['food', 45],
  ['utilities', 20],
  ['cash', 15],
  ['housing', 10],
  ['other', 10],
];
const WINTER_CATEGORIES: readonly (readonly [AidCategory, number])[] = [
  ['utilities', 5],
  ['food', 2],
  ['other', 3],
];
/** What a payment of each category weighs before the fund's budget scales it to tenge. */
const CATEGORY_WEIGHT: Record<AidCategory, number> = {
  food: 12,
  utilities: 15,
  cash: 20,
  housing: 40,
  other: 10,
  education: 25,
  medical: 35,
};

export interface DemoOptions {
  seed: number;
  scale: number;
  /** People to help; FULL_SCALE_RECIPIENTS × scale when absent. */
  recipients?: number | undefined;
  /** Aid at or above this many tenge waits for a second person's approval. */
  approvalThresholdTenge: number;
}

export interface PlannedPatron {
  name: string;
  kind: 'individual' | 'organization';
  iin?: string;
  bin?: string;
  email?: string;
  anonymous: boolean;
}

export interface PlannedRecipient {
  iin: string;
  fullName: string;
  region: RegionCode;
  category: string;
  notes?: string;
}

export interface PlannedDonation {
  kind: 'donation';
  date: string;
  patronIndex: number | null;
  fundCode: string;
  amountTenge: number;
  /** Bank transfers carry a reference; money from the donation box does not. */
  banked: boolean;
  /** Returned to the sender right away (a reversal), and not part of the year's total. */
  returned: boolean;
}

export interface PlannedAid {
  kind: 'aid';
  date: string;
  recipientIndex: number;
  fundCode: string;
  category: AidCategory;
  amountTenge: number;
  /** First booked with this wrong amount, reversed, then booked right. */
  mistakenAmountTenge: number | null;
  /** For aid at or above the threshold: approved by the second staff member, or left pending. */
  approval: 'approve' | 'leave-pending' | null;
}

export type PlannedEvent = PlannedDonation | PlannedAid;

export interface DemoPlan {
  patrons: PlannedPatron[];
  recipients: PlannedRecipient[];
  /** In booking order: by date, and every fund can pay the aid when it comes. */
  events: PlannedEvent[];
}

export function planDemo(options: DemoOptions): DemoPlan {
  const random = new SeededRandom(options.seed);
  const people = new DemoPeople(random);
  const patrons = planPatrons(random, people, options.scale);
  const recipients = planRecipients(
    random,
    people,
    options.recipients ?? Math.max(1, Math.round(FULL_SCALE_RECIPIENTS * options.scale)),
  );
  const donations = planDonations(random, patrons, options.scale);
  const aid = planAid(random, recipients.length, donations, options);
  return { patrons, recipients, events: schedule([...donations, ...aid]) };
}

function scaled(fullScale: number, scale: number, minimum: number): number {
  return Math.max(minimum, Math.round(fullScale * scale));
}

function planPatrons(random: SeededRandom, people: DemoPeople, scale: number): PlannedPatron[] {
  const patrons: PlannedPatron[] = [];
  for (let index = 0; index < scaled(FULL_SCALE_INDIVIDUAL_PATRONS, scale, 5); index++) {
    const person = people.person();
    patrons.push({
      name: person.fullName,
      kind: 'individual',
      ...(random.chance(0.6) ? { iin: person.iin } : {}),
      ...(random.chance(0.4) ? { email: `patron${index + 1}@example.kz` } : {}),
      anonymous: random.chance(0.15),
    });
  }
  for (let index = 0; index < scaled(FULL_SCALE_COMPANIES, scale, 2); index++) {
    const company = people.company();
    patrons.push({
      name: company.name,
      kind: 'organization',
      bin: company.bin,
      anonymous: random.chance(0.05),
    });
  }
  return patrons;
}

function planRecipients(random: SeededRandom, people: DemoPeople, count: number): PlannedRecipient[] {
  const regionWeights = REGIONS.map(
    (region) => [region.code, REGION_POPULATION_THOUSANDS[region.code] ?? 500] as const,
  );
  return Array.from({ length: count }, () => {
    const person = people.person();
    const category = random.weighted(RECIPIENT_GROUPS);
    const children = random.integer(3, 7);
    return {
      iin: person.iin,
      fullName: person.fullName,
      region: random.weighted(regionWeights),
      category,
      ...(category === 'large-family' ? { notes: `Многодетная семья, детей: ${children}` } : {}),
    };
  });
}

function planDonations(random: SeededRandom, patrons: PlannedPatron[], scale: number): PlannedDonation[] {
  const individuals = patrons.flatMap((patron, index) => (patron.kind === 'individual' ? [index] : []));
  const companies = patrons.flatMap((patron, index) => (patron.kind === 'organization' ? [index] : []));
  const drafts = Array.from({ length: scaled(FULL_SCALE_DONATIONS, scale, 10) }, (_, index) => {
    const source =
      index < companies.length
        ? 'company'
        : random.weighted([
            ['individual', 91],
            ['company', 4],
            ['box', 5],
          ] as const);
    const month = random.weighted(
      MONTH_DONATION_WEIGHTS.map((weight, monthIndex) => [monthIndex + 1, weight] as const),
    );
    const weight =
      source === 'company'
        ? random.pick([200, 300, 500, 1000, 2000, 5000])
        : random.weighted([
            [1, 10],
            [2, 10],
            [3, 8],
            [5, 14],
            [10, 14],
            [15, 6],
            [20, 8],
            [25, 5],
            [50, 6],
            [100, 3],
            [200, 1],
          ] as const);
    return {
      kind: 'donation' as const,
      date: randomDayOf(random, month),
      patronIndex:
        source === 'company' ? random.pick(companies) : source === 'box' ? null : random.pick(individuals),
      fundCode: fundOfDonation(random, month),
      amountTenge: weight,
      banked: source !== 'box',
      returned: false,
    };
  });
  // The drafts' amounts are weights: scale them so the year adds up to the full-scale total × scale.
  const target = Math.round(FULL_SCALE_DONATIONS_TENGE * scale);
  const donations = distribute(drafts, target, (draft) => draft.amountTenge, AMOUNT_ROUNDING_TENGE).map(
    (amountTenge, index) => ({ ...(drafts[index] as PlannedDonation), amountTenge }),
  );
  const returned = Array.from({ length: scaled(FULL_SCALE_RETURNED_DONATIONS, scale, 1) }, () => ({
    ...random.pick(donations.filter((donation) => donation.banked)),
    returned: true,
  }));
  return [...donations, ...returned];
}

function fundOfDonation(random: SeededRandom, month: number): string {
  const winter = WINTER_MONTHS.includes(month) ? 0.3 : 0.05;
  const school = month >= 7 && month <= 9 ? 0.35 : 0.04;
  return random.weighted([
    ['winter-help', winter],
    ['school-kits', school],
    ['medical', 0.15],
    [GENERAL_FUND_CODE, 1 - winter - school - 0.15],
  ]);
}

/** Splits `total` in proportion to the weights, each part rounded, the rounding left on the largest part. */
function distribute<T>(
  items: readonly T[],
  total: number,
  weightOf: (item: T) => number,
  rounding: number,
): number[] {
  const weightSum = items.reduce((sum, item) => sum + weightOf(item), 0);
  const parts = items.map((item) =>
    Math.max(rounding, Math.round((total * weightOf(item)) / weightSum / rounding) * rounding),
  );
  const largest = parts.indexOf(Math.max(...parts));
  parts[largest] = (parts[largest] as number) + total - parts.reduce((sum, part) => sum + part, 0);
  if ((parts[largest] as number) <= 0) throw new Error('the amounts do not add up: the scale is too small');
  return parts;
}

function planAid(
  random: SeededRandom,
  recipientCount: number,
  donations: PlannedDonation[],
  options: DemoOptions,
): PlannedAid[] {
  const fundIn = new Map<string, number>();
  for (const donation of donations.filter((each) => !each.returned)) {
    fundIn.set(donation.fundCode, (fundIn.get(donation.fundCode) ?? 0) + donation.amountTenge);
  }
  const large = planLargeAid(
    random,
    recipientCount,
    (fundIn.get(GENERAL_FUND_CODE) ?? 0) * AID_SHARE_OF_DONATIONS,
    options,
  );
  const regular = planRegularAid(random, recipientCount, fundIn);
  const largeTotal = large.reduce((sum, aid) => sum + aid.amountTenge, 0);
  for (const [fundCode, inTenge] of fundIn) {
    const payments = regular.filter((aid) => aid.fundCode === fundCode);
    const budget =
      Math.floor(inTenge * AID_SHARE_OF_DONATIONS) - (fundCode === GENERAL_FUND_CODE ? largeTotal : 0);
    const cap =
      DEMO_FUNDS.find((fund) => fund.code === fundCode)?.capPerRecipientYearTenge ?? Number.POSITIVE_INFINITY;
    const ceiling = Math.min(cap, Math.floor(options.approvalThresholdTenge / 2));
    const weightSum = payments.reduce((sum, aid) => sum + aid.amountTenge, 0);
    for (const aid of payments) {
      const share =
        Math.round((budget * aid.amountTenge) / weightSum / AMOUNT_ROUNDING_TENGE) * AMOUNT_ROUNDING_TENGE;
      aid.amountTenge = Math.min(ceiling, Math.max(MINIMUM_AID_TENGE, share));
    }
  }
  markMistakes(random, regular, options);
  return [...regular, ...large];
}

/** Every recipient gets one payment, some two or three; each payment's amount starts as a weight. */
function planRegularAid(
  random: SeededRandom,
  recipientCount: number,
  fundIn: Map<string, number>,
): PlannedAid[] {
  const fundWeights = [...fundIn.entries()].sort(([a], [b]) => a.localeCompare(b));
  const payments: PlannedAid[] = [];
  for (let recipientIndex = 0; recipientIndex < recipientCount; recipientIndex++) {
    const count = 1 + (random.chance(0.35) ? 1 : 0) + (random.chance(0.12) ? 1 : 0);
    let hadSchoolKit = false;
    for (let payment = 0; payment < count; payment++) {
      let fundCode = random.weighted(fundWeights);
      // A capped fund gives each child one kit a year.
      if (fundCode === 'school-kits' && hadSchoolKit) fundCode = GENERAL_FUND_CODE;
      hadSchoolKit ||= fundCode === 'school-kits';
      const category = categoryOf(random, fundCode);
      payments.push({
        kind: 'aid',
        date: aidDate(random, fundCode),
        recipientIndex,
        fundCode,
        category,
        amountTenge: CATEGORY_WEIGHT[category] * (0.5 + random.next()),
        mistakenAmountTenge: null,
        approval: null,
      });
    }
  }
  return payments;
}

function categoryOf(random: SeededRandom, fundCode: string): AidCategory {
  if (fundCode === 'school-kits') return 'education';
  if (fundCode === 'medical') return 'medical';
  return random.weighted(fundCode === 'winter-help' ? WINTER_CATEGORIES : GENERAL_CATEGORIES);
}

function aidDate(random: SeededRandom, fundCode: string): string {
  if (fundCode === 'winter-help') return randomDayOf(random, random.pick(WINTER_MONTHS));
  if (fundCode === 'school-kits') return randomDayOf(random, random.pick([8, 8, 9]));
  return randomDayOf(random, random.integer(1, 12));
}

/** Surgery and house repairs above the approval threshold, late in the year: some approved, some pending. */
function planLargeAid(
  random: SeededRandom,
  recipientCount: number,
  generalBudget: number,
  options: DemoOptions,
): PlannedAid[] {
  const large: PlannedAid[] = [];
  let total = 0;
  const wanted = Math.round(FULL_SCALE_LARGE_AID * options.scale);
  for (let index = 0; index < Math.max(1, wanted); index++) {
    const amountTenge =
      Math.round((options.approvalThresholdTenge * (1 + random.next() * 0.3)) / 10_000) * 10_000;
    if (total + amountTenge > generalBudget * LARGE_AID_SHARE_OF_GENERAL) break;
    total += amountTenge;
    large.push({
      kind: 'aid',
      date: randomDayOf(random, random.integer(10, 12)),
      recipientIndex: random.integer(0, recipientCount - 1),
      fundCode: GENERAL_FUND_CODE,
      category: random.chance(0.6) ? 'medical' : 'housing',
      amountTenge,
      mistakenAmountTenge: null,
      approval: 'approve',
    });
  }
  const pendingCount = Math.max(1, Math.round(large.length / 3));
  for (const aid of large.slice(0, pendingCount)) aid.approval = 'leave-pending';
  return large;
}

/** A few general-fund payments are first booked with an extra zero, reversed, and booked right. */
function markMistakes(random: SeededRandom, regular: PlannedAid[], options: DemoOptions): void {
  const candidates = regular.filter((aid) => aid.fundCode === GENERAL_FUND_CODE);
  const wanted = Math.min(
    candidates.length,
    Math.max(2, Math.round(FULL_SCALE_MISTAKEN_AID * options.scale)),
  );
  for (let marked = 0, attempts = 0; marked < wanted && attempts < wanted * 10; attempts++) {
    const aid = random.pick(candidates);
    const mistaken = aid.amountTenge * 10;
    if (aid.mistakenAmountTenge !== null || mistaken >= options.approvalThresholdTenge) continue;
    aid.mistakenAmountTenge = mistaken;
    marked++;
  }
}

/**
 * Puts the events in date order (donations first on a day) and moves aid that a fund could not yet
 * pay to the day of the donation that lets it, so that every aid finds its fund able to pay.
 */
function schedule(events: PlannedEvent[]): PlannedEvent[] {
  const ordered = events
    .map((event, sequence) => ({ event, sequence }))
    .sort((a, b) =>
      a.event.date !== b.event.date
        ? a.event.date.localeCompare(b.event.date)
        : a.event.kind !== b.event.kind
          ? a.event.kind === 'donation'
            ? -1
            : 1
          : a.sequence - b.sequence,
    )
    .map(({ event }) => event);
  const balances = new Map<string, number>();
  const waiting = new Map<string, PlannedAid[]>();
  const booked: PlannedEvent[] = [];
  const release = (fundCode: string, date: string, lastChance: boolean) => {
    const queue = waiting.get(fundCode) ?? [];
    while (queue.length > 0) {
      const aid = queue[0] as PlannedAid;
      const balance = balances.get(fundCode) ?? 0;
      if (lastChance && aid.mistakenAmountTenge !== null && aid.mistakenAmountTenge > balance)
        aid.mistakenAmountTenge = null;
      if (Math.max(aid.amountTenge, aid.mistakenAmountTenge ?? 0) > balance) break;
      queue.shift();
      balances.set(fundCode, balance - aid.amountTenge);
      booked.push({ ...aid, date: date > aid.date ? date : aid.date });
    }
  };
  for (const event of ordered) {
    if (event.kind === 'donation') {
      booked.push(event);
      if (!event.returned)
        balances.set(event.fundCode, (balances.get(event.fundCode) ?? 0) + event.amountTenge);
      release(event.fundCode, event.date, false);
    } else {
      const queue = waiting.get(event.fundCode) ?? [];
      queue.push(event);
      waiting.set(event.fundCode, queue);
      release(event.fundCode, event.date, false);
    }
  }
  for (const fundCode of waiting.keys()) release(fundCode, `${DEMO_YEAR}-12-31`, true);
  const unpaid = [...waiting.values()].reduce((sum, queue) => sum + queue.length, 0);
  if (unpaid > 0) throw new Error(`${unpaid} planned aid payments find no money: use a larger --scale`);
  return booked;
}

function randomDayOf(random: SeededRandom, month: number): string {
  const days = new Date(Date.UTC(DEMO_YEAR, month, 0)).getUTCDate();
  return `${DEMO_YEAR}-${String(month).padStart(2, '0')}-${String(random.integer(1, days)).padStart(2, '0')}`;
}
