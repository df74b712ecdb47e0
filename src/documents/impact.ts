import { Money } from '../money/money.js';

/**
 * A region's group is shown by name only when at least this many people in it received aid; smaller
 * groups are folded into one 'other' group, as in the public summary (SPEC §7), so that a patron
 * cannot single out a person from a total.
 */
export const MIN_PEOPLE_PER_REGION_GROUP = 5;
export const OTHER_REGIONS = 'other';

/** People helped and aid paid in one region (an ISO 3166-2:KZ code) or in the folded 'other' group. */
export interface RegionGroup {
  region: string;
  people: number;
  total: Money;
}

/** What one fund the patron gave to has paid out, as aggregates only. */
export interface FundImpact {
  fundId: number;
  code: string;
  name: string;
  /** The patron's posted gifts to the fund, net of reversals. */
  given: Money;
  aid: { total: Money; people: number; regions: RegionGroup[] };
}

export interface PatronImpact {
  patronId: number;
  funds: FundImpact[];
}

/**
 * Keeps each region with at least `minimumPeople` people under its own code, in code order, and sums
 * the rest into one 'other' group placed last (left out when nothing is folded). People are summed
 * across regions: each person lives in one region, so the sum counts distinct people.
 */
export function foldSmallRegions(
  groups: readonly RegionGroup[],
  minimumPeople = MIN_PEOPLE_PER_REGION_GROUP,
): RegionGroup[] {
  const kept = groups
    .filter((group) => group.people >= minimumPeople)
    .sort((left, right) => (left.region < right.region ? -1 : left.region > right.region ? 1 : 0));
  const folded = groups.filter((group) => group.people < minimumPeople);
  if (folded.length === 0) return kept;
  return [
    ...kept,
    {
      region: OTHER_REGIONS,
      people: folded.reduce((sum, group) => sum + group.people, 0),
      total: Money.sum(folded.map((group) => group.total)),
    },
  ];
}
