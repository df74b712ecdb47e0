// Proves the privacy rule of the impact report on its own: a region is named only with at least five
// people in it; smaller ones are summed into one 'other' group, and folding never loses a person or a tiyn.
import { expect } from 'chai';
import fc from 'fast-check';
import {
  foldSmallRegions,
  MIN_PEOPLE_PER_REGION_GROUP,
  type RegionGroup,
} from '../../src/documents/impact.js';
import { Money } from '../../src/money/money.js';
import { REGION_CODES } from '../../src/recipients/regions.js';

const group = (region: string, people: number, tiyn: bigint): RegionGroup => ({
  region,
  people,
  total: Money.fromTiyn(tiyn),
});

const plain = (groups: RegionGroup[]) =>
  groups.map((each) => ({ region: each.region, people: each.people, total: each.total.toString() }));

describe('impact — folding small regions', () => {
  it('foldSmallRegions — the threshold — is five people, as in the public summary', () => {
    expect(MIN_PEOPLE_PER_REGION_GROUP).to.equal(5);
  });

  it('foldSmallRegions — 5, 4 and 1 people — the five kept by code, the rest one "other" group last', () => {
    const folded = foldSmallRegions([
      group('KZ-79', 1, 100n),
      group('KZ-75', 5, 5_000n),
      group('KZ-11', 4, 40n),
    ]);
    expect(plain(folded)).to.deep.equal([
      { region: 'KZ-75', people: 5, total: '50.00' },
      { region: 'other', people: 5, total: '1.40' },
    ]);
  });

  it('foldSmallRegions — every region large enough — nothing folded, no empty "other" group', () => {
    const folded = foldSmallRegions([group('KZ-75', 9, 1n), group('KZ-11', 5, 2n)]);
    expect(folded.map((each) => each.region)).to.deep.equal(['KZ-11', 'KZ-75']);
  });

  it('foldSmallRegions — no aid at all — no groups', () => {
    expect(foldSmallRegions([])).to.deep.equal([]);
  });

  it('foldSmallRegions — any regions — named groups have ≥ 5 people; people and tiyn are kept in total', () => {
    const regionGroups = fc.uniqueArray(
      fc.record({
        region: fc.constantFrom(...REGION_CODES),
        people: fc.integer({ min: 1, max: 30 }),
        tiyn: fc.bigInt({ min: 1n, max: 10n ** 15n }),
      }),
      { selector: (each) => each.region, maxLength: REGION_CODES.length },
    );
    fc.assert(
      fc.property(regionGroups, (rows) => {
        const groups = rows.map((row) => group(row.region, row.people, row.tiyn));
        const folded = foldSmallRegions(groups);
        const named = folded.filter((each) => each.region !== 'other');
        for (const each of named) expect(each.people).to.be.at.least(MIN_PEOPLE_PER_REGION_GROUP);
        expect(folded.filter((each) => each.region === 'other')).to.have.length.at.most(1);
        const people = (list: RegionGroup[]) => list.reduce((sum, each) => sum + each.people, 0);
        expect(people(folded)).to.equal(people(groups));
        expect(Money.sum(folded.map((each) => each.total)).tiyn).to.equal(
          rows.reduce((sum, row) => sum + row.tiyn, 0n),
        );
      }),
    );
  });
});
