// Proves the folding rule of the public summary on its own: a group is shown only with at least 5
// recipients and a code other than `other`; every other group goes to the «other» row, whose counts
// and money add up the folded groups and whose people are the distinct count the caller gives.
import { expect } from 'chai';
import { Money, parseAmount } from '../../src/money/money.js';
import {
  foldSmallGroups,
  MINIMUM_PUBLIC_GROUP_RECIPIENTS,
  otherGroup,
  type SummedGroup,
} from '../../src/reports/public-groups.js';

function group(code: string, people: number, aidCount: number, total: string): SummedGroup {
  return { key: code, code, people, aidCount, total: parseAmount(total) };
}

describe('public groups', () => {
  it('MINIMUM_PUBLIC_GROUP_RECIPIENTS — as SPEC §7 says — 5', () => {
    expect(MINIMUM_PUBLIC_GROUP_RECIPIENTS).to.equal(5);
  });

  it('foldSmallGroups — 4, 5 and 0 people — 5 shown; 4 and 0 folded, order kept', () => {
    const groups = [group('KZ-71', 4, 4, '4000'), group('KZ-75', 5, 6, '5500'), group('KZ-79', 0, 0, '1')];
    const { shown, folded } = foldSmallGroups(groups);
    expect(shown.map((candidate) => candidate.code)).to.deep.equal(['KZ-75']);
    expect(folded.map((candidate) => candidate.code)).to.deep.equal(['KZ-71', 'KZ-79']);
  });

  it('foldSmallGroups — a real group coded other, however large — folded into «other», never shown twice', () => {
    const { shown, folded } = foldSmallGroups([group('other', 50, 50, '50'), group('food', 9, 9, '9')]);
    expect(shown.map((candidate) => candidate.code)).to.deep.equal(['food']);
    expect(folded.map((candidate) => candidate.code)).to.deep.equal(['other']);
  });

  it('otherGroup — folded groups — counts and money added up, people as counted distinctly', () => {
    const folded = [group('medical', 1, 1, '2000.00'), group('housing', 4, 4, '12000.01')];
    const other = otherGroup(folded, 4);
    expect(other).to.deep.include({ code: 'other', people: 4, aidCount: 5 });
    expect(other.total.equals(parseAmount('14000.01'))).to.equal(true);
    expect(otherGroup([], 0).total.equals(Money.ZERO)).to.equal(true);
  });
});
