// Proves that an IIN/BIN is valid exactly when it is 12 ASCII digits whose last is the SPEC §5 check
// digit (first weights, else second weights, else no number at all), and that masking and the keyed
// hash show nothing of the number but what they should.
import { expect } from 'chai';
import fc from 'fast-check';
import { isValidTaxId, maskTaxId, taxIdCheckDigit, taxIdHash } from '../../src/people/tax-id.js';

/** SPEC §5 written out again, apart from tax-id.ts: the expected check digit, or null for "invalid". */
function referenceCheckDigit(first11: string): number | null {
  let first = 0;
  let second = 0;
  for (let index = 0; index < 11; index += 1) {
    const digit = Number(first11[index]);
    first += (index + 1) * digit;
    second += (((index + 2) % 11) + 1) * digit;
  }
  if (first % 11 !== 10) return first % 11;
  return second % 11 === 10 ? null : second % 11;
}

const elevenDigits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 11, maxLength: 11 });

describe('IIN/BIN check digit', () => {
  it('taxIdCheckDigit — 90010130000 (first weights give 7, computed by hand) — 7, and 900101300007 is valid', () => {
    // 1·9 + 4·1 + 6·1 + 7·3 = 40; 40 mod 11 = 7.
    expect(taxIdCheckDigit('90010130000')).to.equal(7);
    expect(isValidTaxId('900101300007')).to.equal(true);
  });

  it('taxIdCheckDigit — 12345678901 (first weights give 10) — the second weights decide: 3', () => {
    // First: 1+4+9+16+25+36+49+64+81+0+11 = 296, mod 11 = 10. Second: 3+8+15+24+35+48+63+80+99+0+2 = 377, mod 11 = 3.
    expect(taxIdCheckDigit('12345678901')).to.equal(3);
    expect(isValidTaxId('123456789013')).to.equal(true);
    expect(isValidTaxId('123456789010')).to.equal(false);
  });

  it('taxIdCheckDigit — 90010130080 (remainder 10 under both weights) — null, and no last digit makes it valid', () => {
    // First: 9+4+6+21+80 = 120, mod 11 = 10. Second: 27+6+8+27+8 = 76, mod 11 = 10.
    expect(taxIdCheckDigit('90010130080')).to.equal(null);
    for (const last of '0123456789') expect(isValidTaxId(`90010130080${last}`), last).to.equal(false);
  });

  it('isValidTaxId — valid numbers built with taxIdCheckDigit — each valid, and every other last digit invalid', () => {
    for (const first11 of ['85061540012', '00000000001', '99123199999', '70010150023']) {
      const check = taxIdCheckDigit(first11);
      expect(check, first11).to.be.a('number');
      expect(isValidTaxId(`${first11}${check}`), first11).to.equal(true);
      for (const last of '0123456789') {
        if (Number(last) !== check)
          expect(isValidTaxId(`${first11}${last}`), `${first11}${last}`).to.equal(false);
      }
    }
  });

  it('isValidTaxId — a date part that looks odd (month 13, day 00) — still valid when the check digit is', () => {
    const first11 = '99130000000';
    const check = taxIdCheckDigit(first11);
    expect(check).to.be.a('number');
    expect(isValidTaxId(`${first11}${check}`)).to.equal(true);
  });

  it('taxIdCheckDigit — any 11 digits — agrees with SPEC §5 written out independently', () => {
    fc.assert(
      fc.property(elevenDigits, (first11) => {
        const expected = referenceCheckDigit(first11);
        expect(taxIdCheckDigit(first11)).to.equal(expected);
        for (const last of '0123456789') {
          expect(isValidTaxId(`${first11}${last}`)).to.equal(expected !== null && Number(last) === expected);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  const refused: ReadonlyArray<[string, unknown]> = [
    ['11 digits', '90010130000'],
    ['13 digits', '9001013000070'],
    ['empty', ''],
    ['a letter', '90010130000A'],
    ['a space inside', '900101 300007'],
    ['a leading space', ' 900101300007'],
    ['a trailing newline', '900101300007\n'],
    ['a sign', '+900101300007'],
    ['Arabic-Indic digits', '٩٠٠١٠١٣٠٠٠٠٧'],
    ['full-width digits', '９００１０１３０００７'],
    ['a JSON number', 900101300007],
    ['null', null],
    ['undefined', undefined],
  ];
  for (const [what, input] of refused) {
    it(`isValidTaxId — ${what} — invalid`, () => {
      expect(isValidTaxId(input)).to.equal(false);
    });
  }
});

describe('IIN masking and hashing', () => {
  it('maskTaxId — an IIN — eight asterisks and the last four digits', () => {
    expect(maskTaxId('900101300007')).to.equal('********0007');
  });

  it('maskTaxId — null (an erased IIN) — null', () => {
    expect(maskTaxId(null)).to.equal(null);
  });

  it('taxIdHash — the same IIN and key twice, another key, another IIN — equal, then different; never the IIN', () => {
    const hash = taxIdHash('900101300007', 'key-one');
    expect(hash).to.match(/^[0-9a-f]{64}$/);
    expect(taxIdHash('900101300007', 'key-one')).to.equal(hash);
    expect(taxIdHash('900101300007', 'key-two')).not.to.equal(hash);
    expect(taxIdHash('123456789013', 'key-one')).not.to.equal(hash);
    expect(hash).not.to.contain('900101300007');
  });
});
