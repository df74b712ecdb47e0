/** Proves the statement parser reads every form Kazakh banks print and refuses every ambiguous one. */
import { expect } from 'chai';
import iconv from 'iconv-lite';
import { UnreadableStatementError } from '../../src/errors/unreadable-statement-error.js';
import {
  looksLikeOrganisation,
  parseStatementAmount,
  parseStatementDate,
} from '../../src/statements/statement-fields.js';
import { detectEncoding, detectSeparator, sniffFormat } from '../../src/statements/statement-reader.js';

const HEADER = 'date;amount;reference;payer_name;payer_iin_bin;purpose';

describe('statement fields', () => {
  it('amount — plain digits — parsed', () =>
    expect(parseStatementAmount('1500').toString()).to.equal('1500.00'));
  it('amount — comma decimal — parsed', () =>
    expect(parseStatementAmount('1500,5').toString()).to.equal('1500.50'));
  it('amount — dot decimal — parsed', () =>
    expect(parseStatementAmount('1500.05').toString()).to.equal('1500.05'));
  it('amount — spaces between thousands — parsed', () =>
    expect(parseStatementAmount('1 234 567,89').toString()).to.equal('1234567.89'));
  it('amount — no-break spaces between thousands — parsed', () =>
    expect(parseStatementAmount('1\u00A0234\u00A0567.89').toString()).to.equal('1234567.89'));
  for (const bad of ['1.234,56', '1,234.56', '-100', '0', '12.345', '', '1 23', 'abc', '+5', '1e5', '１２']) {
    it(`amount — "${bad}" — rejected`, () => expect(() => parseStatementAmount(bad)).to.throw());
  }
  it('date — DD.MM.YYYY — ISO', () => expect(parseStatementDate('25.11.2026')).to.equal('2026-11-25'));
  it('date — YYYY-MM-DD — kept', () => expect(parseStatementDate('2026-11-25')).to.equal('2026-11-25'));
  it('date — 31.02.2026 — rejected', () => expect(() => parseStatementDate('31.02.2026')).to.throw());
  it('date — 11/25/2026 — rejected', () => expect(() => parseStatementDate('11/25/2026')).to.throw());
  it('payer — ТОО, ЖШС, LLP, фонд — organisation; a person — not', () => {
    for (const name of [
      'ТОО «Алатау»',
      '«Алатау» ЖШС',
      'Steppe LLP',
      'Благотворительный фонд «Жомарт»',
      'ИП Ахметов',
    ])
      expect(looksLikeOrganisation(name), name).to.equal(true);
    expect(looksLikeOrganisation('Айгүл Нұрланова')).to.equal(false);
    expect(looksLikeOrganisation('Тоомас Аоки')).to.equal(false);
  });
});

describe('statement format', () => {
  it('encoding — UTF-8 with BOM — utf8', () =>
    expect(detectEncoding(Buffer.from(`\uFEFF${HEADER}\n`, 'utf8'))).to.equal('utf8'));
  it('encoding — UTF-8 Cyrillic without BOM — utf8', () =>
    expect(detectEncoding(Buffer.from(`${HEADER}\n01.01.2026;1;R;Айгүл;;көмек\n`, 'utf8'))).to.equal('utf8'));
  it('encoding — Windows-1251 bytes — win1251', () =>
    expect(detectEncoding(iconv.encode(`${HEADER}\n01.01.2026;1;R;Иван;;помощь\n`, 'win1251'))).to.equal(
      'win1251',
    ));
  it('separator — ";" and "," — detected', () => {
    expect(detectSeparator(HEADER)).to.equal(';');
    expect(detectSeparator(HEADER.replaceAll(';', ','))).to.equal(',');
  });
  it('header — any order, extra columns, BOM — accepted', () => {
    const format = sniffFormat(
      Buffer.from('\uFEFFExtra,Purpose,reference,amount,date,payer_iin_bin,payer_name\n'),
    );
    expect(format.separator).to.equal(',');
    expect(format.header[1]).to.equal('purpose');
  });
  it('header — required column missing — unreadable', () =>
    expect(() => sniffFormat(Buffer.from('date;amount\n'))).to.throw(UnreadableStatementError));
  it('file — binary bytes — unreadable', () =>
    expect(() => sniffFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]))).to.throw(
      UnreadableStatementError,
    ));
});
