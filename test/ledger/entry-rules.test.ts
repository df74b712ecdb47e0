// Proves that entries are checked before any write: two to a hundred non-zero postings within the
// per-entry limit that sum to exactly zero, a well-formed kind and a bounded memo.
import { expect } from 'chai';
import fc from 'fast-check';
import { DomainError } from '../../src/errors/domain-error.js';
import { UnbalancedEntryError } from '../../src/errors/unbalanced-entry-error.js';
import { ValidationError } from '../../src/errors/validation-error.js';
import {
  assertBalanced,
  assertEntryText,
  MAX_MEMO_LENGTH,
  MAX_POSTINGS_PER_ENTRY,
  oppositePostings,
} from '../../src/ledger/entry-rules.js';
import type { PostingInput } from '../../src/ledger/ledger-types.js';
import { MAX_ENTRY_AMOUNT, Money, parseAmount } from '../../src/money/money.js';

const MAX_TIYN = MAX_ENTRY_AMOUNT.tiyn;

function posting(tiyn: bigint, accountCode = 'assets:funds:general'): PostingInput {
  return { accountCode, amount: Money.fromTiyn(tiyn) };
}

/** Asserts that `postings` are refused with UNBALANCED_ENTRY. */
function expectUnbalanced(postings: readonly PostingInput[]): UnbalancedEntryError {
  expect(() => assertBalanced(postings)).to.throw(UnbalancedEntryError);
  try {
    assertBalanced(postings);
  } catch (error) {
    expect(error).to.be.instanceOf(DomainError);
    expect((error as UnbalancedEntryError).code).to.equal('UNBALANCED_ENTRY');
    return error as UnbalancedEntryError;
  }
  throw new Error('unreachable: assertBalanced did not throw');
}

/** Asserts that the kind and memo are refused with VALIDATION_FAILED. */
function expectInvalidText(kind: string, memo: string | null | undefined): ValidationError {
  expect(() => assertEntryText(kind, memo)).to.throw(ValidationError);
  try {
    assertEntryText(kind, memo);
  } catch (error) {
    expect((error as ValidationError).code).to.equal('VALIDATION_FAILED');
    return error as ValidationError;
  }
  throw new Error('unreachable: assertEntryText did not throw');
}

/** Non-zero tiyn small enough that up to 99 of them sum within the per-entry limit. */
const smallNonZeroTiyn = fc
  .bigInt({ min: -(MAX_TIYN / 100n), max: MAX_TIYN / 100n })
  .filter((tiyn) => tiyn !== 0n);

/** Balanced postings: n-1 random amounts, the last one the negated sum of the others. */
const balancedPostings = fc
  .array(smallNonZeroTiyn, { minLength: 1, maxLength: MAX_POSTINGS_PER_ENTRY - 1 })
  .filter((amounts) => amounts.reduce((sum, tiyn) => sum + tiyn, 0n) !== 0n)
  .map((amounts) => {
    const last = -amounts.reduce((sum, tiyn) => sum + tiyn, 0n);
    return [...amounts, last].map((tiyn, index) => posting(tiyn, `assets:account-${index}`));
  });

describe('entry rules', () => {
  describe('assertBalanced — refused', () => {
    it('assertBalanced — no postings — UNBALANCED_ENTRY', () => {
      expectUnbalanced([]);
    });

    it('assertBalanced — one posting, even a zero one — UNBALANCED_ENTRY', () => {
      expectUnbalanced([posting(100n)]);
      expectUnbalanced([posting(0n)]);
    });

    it(`assertBalanced — ${MAX_POSTINGS_PER_ENTRY + 1} balanced postings — UNBALANCED_ENTRY`, () => {
      const postings = [
        ...Array.from({ length: MAX_POSTINGS_PER_ENTRY }, () => posting(1n)),
        posting(-BigInt(MAX_POSTINGS_PER_ENTRY)),
      ];
      expect(postings).to.have.length(MAX_POSTINGS_PER_ENTRY + 1);
      expectUnbalanced(postings);
    });

    it('assertBalanced — two zero postings — UNBALANCED_ENTRY', () => {
      expectUnbalanced([posting(0n), posting(0n)]);
    });

    it('assertBalanced — a zero posting among balanced ones — UNBALANCED_ENTRY', () => {
      expectUnbalanced([posting(500n), posting(0n), posting(-500n)]);
    });

    it('assertBalanced — a posting one tiyn above MAX_ENTRY_AMOUNT, balanced — UNBALANCED_ENTRY', () => {
      expectUnbalanced([posting(MAX_TIYN + 1n), posting(-(MAX_TIYN + 1n))]);
    });

    it('assertBalanced — a credit one tiyn beyond MAX_ENTRY_AMOUNT, split debits — UNBALANCED_ENTRY', () => {
      expectUnbalanced([posting(MAX_TIYN), posting(1n), posting(-(MAX_TIYN + 1n))]);
    });

    it('assertBalanced — postings far beyond 2^53 tiyn — UNBALANCED_ENTRY', () => {
      expectUnbalanced([posting(2n ** 80n), posting(-(2n ** 80n))]);
    });

    it('assertBalanced — postings that sum to one tiyn — UNBALANCED_ENTRY with the total', () => {
      const error = expectUnbalanced([posting(150_051n), posting(-150_050n)]);
      expect(error.details.total).to.equal('0.01');
    });

    it('assertBalanced — postings that sum to minus one tiyn — UNBALANCED_ENTRY with the total', () => {
      const error = expectUnbalanced([posting(100n), posting(-50n), posting(-51n)]);
      expect(error.details.total).to.equal('-0.01');
    });

    it('assertBalanced — two debits and no credit — UNBALANCED_ENTRY', () => {
      expectUnbalanced([posting(100n), posting(100n)]);
    });
  });

  describe('assertBalanced — accepted', () => {
    it('assertBalanced — a two-posting donation — accepted', () => {
      const amount = parseAmount('1500.50');
      expect(() =>
        assertBalanced([posting(amount.tiyn), { accountCode: 'income:donations', amount: amount.negated() }]),
      ).not.to.throw();
    });

    it('assertBalanced — one debit split over three credits — accepted', () => {
      expect(() =>
        assertBalanced([posting(1_000n), posting(-333n), posting(-333n), posting(-334n)]),
      ).not.to.throw();
    });

    it('assertBalanced — exactly MAX_ENTRY_AMOUNT each way — accepted', () => {
      expect(() => assertBalanced([posting(MAX_TIYN), posting(-MAX_TIYN)])).not.to.throw();
    });

    it(`assertBalanced — exactly ${MAX_POSTINGS_PER_ENTRY} postings — accepted`, () => {
      const postings = [
        ...Array.from({ length: MAX_POSTINGS_PER_ENTRY - 1 }, () => posting(1n)),
        posting(-BigInt(MAX_POSTINGS_PER_ENTRY - 1)),
      ];
      expect(() => assertBalanced(postings)).not.to.throw();
    });

    it('assertBalanced — one-tiyn postings — accepted', () => {
      expect(() => assertBalanced([posting(1n), posting(-1n)])).not.to.throw();
    });
  });

  describe('assertBalanced — properties', () => {
    it('assertBalanced — random balanced postings (last = negated sum) — accepted', () => {
      fc.assert(
        fc.property(balancedPostings, (postings) => {
          expect(() => assertBalanced(postings)).not.to.throw();
        }),
      );
    });

    it('assertBalanced — a balanced pair of any size up to the limit — accepted', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 1n, max: MAX_TIYN }), (tiyn) => {
          expect(() => assertBalanced([posting(tiyn), posting(-tiyn)])).not.to.throw();
          expect(() => assertBalanced([posting(-tiyn), posting(tiyn)])).not.to.throw();
        }),
      );
    });

    it('assertBalanced — random balanced postings, one amount moved by any non-zero delta — refused', () => {
      fc.assert(
        fc.property(
          balancedPostings,
          fc.nat(),
          fc.oneof(
            fc.bigInt({ min: -1_000n, max: 1_000n }),
            fc.bigInt({ min: -MAX_TIYN, max: MAX_TIYN }),
            fc.bigInt({ min: -(2n ** 128n), max: 2n ** 128n }),
          ),
          (postings, indexSeed, deltaTiyn) => {
            fc.pre(deltaTiyn !== 0n);
            const index = indexSeed % postings.length;
            const perturbed = postings.map((entryPosting, position) =>
              position === index
                ? { ...entryPosting, amount: entryPosting.amount.plus(Money.fromTiyn(deltaTiyn)) }
                : entryPosting,
            );
            expectUnbalanced(perturbed);
          },
        ),
      );
    });

    it('assertBalanced — a refusal — leaves the postings untouched', () => {
      const postings = [posting(100n), posting(-99n)];
      expectUnbalanced(postings);
      expect(postings.map((entryPosting) => entryPosting.amount.tiyn)).to.deep.equal([100n, -99n]);
    });
  });

  describe('oppositePostings', () => {
    it('oppositePostings — a donation — each amount negated, every other field kept, input untouched', () => {
      const original: PostingInput[] = [
        { accountCode: 'assets:funds:general', amount: parseAmount('1500.50'), patronId: 21 },
        {
          accountCode: 'income:donations',
          amount: parseAmount('1500.50').negated(),
          fundId: 1,
          patronId: 21,
        },
      ];
      const opposite = oppositePostings(original);
      expect(opposite).to.have.length(2);
      expect(opposite[0]).to.deep.include({ accountCode: 'assets:funds:general', patronId: 21 });
      expect(opposite[0]?.amount.toString()).to.equal('-1500.50');
      expect(opposite[1]).to.deep.include({ accountCode: 'income:donations', fundId: 1, patronId: 21 });
      expect(opposite[1]?.amount.toString()).to.equal('1500.50');
      expect(original[0]?.amount.toString()).to.equal('1500.50');
      expect(original[1]?.amount.toString()).to.equal('-1500.50');
    });

    it('oppositePostings — random balanced postings — each negated, balanced, zero with originals', () => {
      fc.assert(
        fc.property(balancedPostings, (postings) => {
          const opposite = oppositePostings(postings);
          expect(opposite).to.have.length(postings.length);
          opposite.forEach((entryPosting, index) => {
            const original = postings[index] as PostingInput;
            expect(entryPosting.amount.tiyn).to.equal(-original.amount.tiyn);
            expect(entryPosting.accountCode).to.equal(original.accountCode);
          });
          expect(() => assertBalanced(opposite)).not.to.throw();
          const combined = Money.sum([...postings, ...opposite].map((entryPosting) => entryPosting.amount));
          expect(combined.isZero()).to.equal(true);
        }),
      );
    });

    it('oppositePostings — applied twice to any amounts — the original amounts', () => {
      fc.assert(
        fc.property(fc.array(fc.bigInt({ min: -(2n ** 100n), max: 2n ** 100n })), (amounts) => {
          const postings = amounts.map((tiyn) => posting(tiyn));
          const twice = oppositePostings(oppositePostings(postings));
          expect(twice.map((entryPosting) => entryPosting.amount.tiyn)).to.deep.equal(amounts);
        }),
      );
    });
  });

  describe('assertEntryText', () => {
    const goodKinds = ['donation', 'aid', 'fund-transfer', 'a', `a${'b'.repeat(31)}`, 'reversal-'];
    for (const kind of goodKinds) {
      it(`assertEntryText — kind "${kind}" — accepted`, () => {
        expect(() => assertEntryText(kind, null)).not.to.throw();
      });
    }

    const badKinds: Array<[string, string]> = [
      ['the empty string', ''],
      ['an upper-case letter', 'Donation'],
      ['a leading digit', '1aid'],
      ['a digit inside', 'aid2'],
      ['a leading hyphen', '-aid'],
      ['an underscore', 'fund_transfer'],
      ['a space', 'fund transfer'],
      ['a trailing space', 'aid '],
      ['a trailing newline', 'aid\n'],
      ['a non-ASCII letter', 'dönation'],
      ['a Cyrillic word', 'помощь'],
      ['a colon', 'aid:food'],
      ['33 characters', `a${'b'.repeat(32)}`],
    ];
    for (const [scenario, kind] of badKinds) {
      it(`assertEntryText — kind with ${scenario} — VALIDATION_FAILED`, () => {
        expectInvalidText(kind, null);
      });
    }

    it('assertEntryText — a memo of null, undefined, empty or exactly the limit — accepted', () => {
      expect(() => assertEntryText('donation', null)).not.to.throw();
      expect(() => assertEntryText('donation', undefined)).not.to.throw();
      expect(() => assertEntryText('donation', '')).not.to.throw();
      expect(() => assertEntryText('donation', 'm'.repeat(MAX_MEMO_LENGTH))).not.to.throw();
    });

    it(`assertEntryText — a memo of ${MAX_MEMO_LENGTH + 1} characters — VALIDATION_FAILED on memo`, () => {
      const error = expectInvalidText('donation', 'm'.repeat(MAX_MEMO_LENGTH + 1));
      expect(error.details.field).to.equal('memo');
    });

    it('assertEntryText — a very long memo — VALIDATION_FAILED naming memo', () => {
      const error = expectInvalidText('donation', 'm'.repeat(1_000_000));
      expect(error.details.field).to.equal('memo');
    });

    it('assertEntryText — any memo longer than the limit — VALIDATION_FAILED', () => {
      fc.assert(
        fc.property(fc.string({ minLength: MAX_MEMO_LENGTH + 1, maxLength: MAX_MEMO_LENGTH * 4 }), (memo) => {
          fc.pre(memo.length > MAX_MEMO_LENGTH);
          expectInvalidText('donation', memo);
        }),
      );
    });
  });
});
