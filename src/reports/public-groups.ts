import { Money } from '../money/money.js';
import type { PublicGroup } from './report-types.js';

/**
 * The public summary never shows a group of fewer than this many recipients: a region, category or
 * month that small is folded into the «other» row, so that nobody can be picked out of a figure.
 */
export const MINIMUM_PUBLIC_GROUP_RECIPIENTS = 5;
export const OTHER_GROUP_CODE = 'other';
export const OTHER_REGION_NAME = { kk: 'Басқа', ru: 'Другое', en: 'Other' } as const;

/** A group as summed, before folding: `key` is what the store groups by, `code` what the public sees. */
export interface SummedGroup extends PublicGroup {
  key: string;
}

export interface FoldedGroups {
  /** Groups large enough to show, in the order given. */
  shown: SummedGroup[];
  /** Groups to fold into «other» (including a real group whose code is already `other`). */
  folded: SummedGroup[];
}

/** Splits groups into those shown and those folded into «other»; pure, so the rule is tested alone. */
export function foldSmallGroups(
  groups: readonly SummedGroup[],
  minimumRecipients = MINIMUM_PUBLIC_GROUP_RECIPIENTS,
): FoldedGroups {
  const shown: SummedGroup[] = [];
  const folded: SummedGroup[] = [];
  for (const group of groups) {
    const large = group.people >= minimumRecipients && group.code !== OTHER_GROUP_CODE;
    (large ? shown : folded).push(group);
  }
  return { shown, folded };
}

/**
 * The «other» row of folded groups: their counts and money added up, and the distinct recipients
 * among them (counted by the caller, since one person may be in several folded groups).
 */
export function otherGroup(folded: readonly SummedGroup[], distinctPeople: number): PublicGroup {
  return {
    code: OTHER_GROUP_CODE,
    people: distinctPeople,
    aidCount: folded.reduce((sum, group) => sum + group.aidCount, 0),
    total: Money.sum(folded.map((group) => group.total)),
  };
}
