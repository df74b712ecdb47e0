import { Money } from '../../src/money/money.js';

/**
 * An independent model of what the reports must say, kept in plain bigint tiyn from the facts the
 * tests themselves created (never read back from the ledger): which aid and donations were paid,
 * which are pending, voided or reversed, on which dates. The reports are compared against it.
 */
export type Outcome = 'posted' | 'pending' | 'voided';

export interface AidFact {
  aidId: number;
  /** The entry that moved the money (the approval's entry for aid that was pending); null if never posted. */
  postedEntryId: number | null;
  recipientId: number;
  region: string;
  fundId: number;
  category: string;
  amountTiyn: bigint;
  date: string;
  outcome: Outcome;
  /** The value date of the reversal, when the posted aid was reversed. */
  reversedOn: string | null;
}

export interface DonationFact {
  donationId: number;
  postedEntryId: number | null;
  patronId: number | null;
  fundId: number;
  amountTiyn: bigint;
  date: string;
  outcome: Outcome;
  reversedOn: string | null;
}

export interface Window {
  from?: string;
  to?: string;
}

export interface AidModelFilter extends Window {
  fundId?: number;
  region?: string;
  category?: string;
}

export interface Sums {
  count: number;
  totalTiyn: bigint;
  pendingTiyn: bigint;
}

export function inWindow(date: string, window: Window): boolean {
  return (window.from === undefined || date >= window.from) && (window.to === undefined || date <= window.to);
}

/**
 * What one fact does to the books, as dated events: its payment (+1, +amount) on its date, its
 * reversal (−1, −amount) on the reversal's date, or its pending money on its date.
 */
export interface Event<Fact> {
  fact: Fact;
  kind: 'payment' | 'reversal' | 'pending';
  date: string;
  count: number;
  postedTiyn: bigint;
  pendingTiyn: bigint;
}

export function eventsOf<
  Fact extends { amountTiyn: bigint; date: string; outcome: Outcome; reversedOn: string | null },
>(fact: Fact): Event<Fact>[] {
  const events: Event<Fact>[] = [];
  const amount = fact.amountTiyn;
  if (fact.outcome === 'pending') {
    events.push({ fact, kind: 'pending', date: fact.date, count: 0, postedTiyn: 0n, pendingTiyn: amount });
  }
  if (fact.outcome === 'posted') {
    events.push({ fact, kind: 'payment', date: fact.date, count: 1, postedTiyn: amount, pendingTiyn: 0n });
  }
  if (fact.reversedOn !== null) {
    events.push({
      fact,
      kind: 'reversal',
      date: fact.reversedOn,
      count: -1,
      postedTiyn: -amount,
      pendingTiyn: 0n,
    });
  }
  return events;
}

function add(target: Sums | undefined, event: Event<unknown>): Sums {
  return {
    count: (target?.count ?? 0) + event.count,
    totalTiyn: (target?.totalTiyn ?? 0n) + event.postedTiyn,
    pendingTiyn: (target?.pendingTiyn ?? 0n) + event.pendingTiyn,
  };
}

export function aidMatches(fact: AidFact, filter: AidModelFilter): boolean {
  return (
    (filter.fundId === undefined || fact.fundId === filter.fundId) &&
    (filter.region === undefined || fact.region === filter.region) &&
    (filter.category === undefined || fact.category === filter.category)
  );
}

/** The aid events a filter covers: facts that match it, events dated within its window. */
export function aidEvents(facts: readonly AidFact[], filter: AidModelFilter): Event<AidFact>[] {
  return facts
    .filter((fact) => aidMatches(fact, filter))
    .flatMap(eventsOf)
    .filter((event) => inWindow(event.date, filter));
}

/** Aid sums keyed by what `keyOf` says of each event (its recipient, region, category, month, …). */
export function aidSumsBy(
  facts: readonly AidFact[],
  filter: AidModelFilter,
  keyOf: (event: Event<AidFact>) => string | number,
): Map<string | number, Sums> {
  const sums = new Map<string | number, Sums>();
  for (const event of aidEvents(facts, filter)) sums.set(keyOf(event), add(sums.get(keyOf(event)), event));
  return sums;
}

/** Per group: the recipients whose posted aid in the group, net of reversals, is above zero. */
export function peopleBy(
  facts: readonly AidFact[],
  filter: AidModelFilter,
  groupOf: (event: Event<AidFact>) => string,
): Map<string, number> {
  const people = new Map<string, number>();
  for (const [group, recipients] of helpedBy(aidEvents(facts, filter), groupOf))
    people.set(group, recipients.size);
  return people;
}

/** Distinct recipients helped in any of the groups (a person in two groups counts once). */
export function distinctPeople(
  facts: readonly AidFact[],
  filter: AidModelFilter,
  groupOf: (event: Event<AidFact>) => string,
  groups?: ReadonlySet<string>,
): number {
  const helped = new Set<number>();
  for (const [group, recipients] of helpedBy(aidEvents(facts, filter), groupOf)) {
    if (groups === undefined || groups.has(group)) for (const recipient of recipients) helped.add(recipient);
  }
  return helped.size;
}

/** Per group, the recipients whose posted aid there, net of reversals, is above zero. */
export function helpedBy(
  events: readonly Event<AidFact>[],
  groupOf: (event: Event<AidFact>) => string,
): Map<string, Set<number>> {
  const net = new Map<string, Map<number, bigint>>();
  for (const event of events) {
    const group = net.get(groupOf(event)) ?? new Map<number, bigint>();
    group.set(event.fact.recipientId, (group.get(event.fact.recipientId) ?? 0n) + event.postedTiyn);
    net.set(groupOf(event), group);
  }
  const helped = new Map<string, Set<number>>();
  for (const [group, recipients] of net) {
    const positive = [...recipients].filter(([, tiyn]) => tiyn > 0n).map(([recipient]) => recipient);
    if (positive.length > 0) helped.set(group, new Set(positive));
  }
  return helped;
}

export function donationSumsBy(
  facts: readonly DonationFact[],
  filter: Window & { fundId?: number },
): Map<number | null, Sums> {
  const sums = new Map<number | null, Sums>();
  for (const fact of facts) {
    if (filter.fundId !== undefined && fact.fundId !== filter.fundId) continue;
    for (const event of eventsOf(fact).filter((candidate) => inWindow(candidate.date, filter))) {
      sums.set(fact.patronId, add(sums.get(fact.patronId), event));
    }
  }
  return sums;
}

export function tenge(tiyn: bigint): string {
  return Money.fromTiyn(tiyn).toString();
}

export function sumOf(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}
