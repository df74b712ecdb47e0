// Proves that the regions compiled into the server are exactly the 20 of the shared data/regions.tsv,
// and that isRegionCode accepts those codes and nothing else.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { isRegionCode, REGION_CODES, REGIONS } from '../../src/recipients/regions.js';

const REGIONS_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/data/regions.tsv',
);

describe('regions', () => {
  it('REGIONS — compared with shared data/regions.tsv — the same 20 rows, field by field, in order', function () {
    if (!fs.existsSync(REGIONS_FILE)) {
      console.log(`  skipped: ${REGIONS_FILE} is not beside this checkout`);
      this.skip();
    }
    const [header, ...lines] = fs.readFileSync(REGIONS_FILE, 'utf8').trimEnd().split('\n');
    expect(header?.split('\t')).to.deep.equal([
      'iso_3166_2',
      'kato_code',
      'name_kk',
      'name_ru',
      'name_en',
      'kind',
    ]);
    const rows = lines.map((line) => {
      const [code, katoCode, kk, ru, en, kind] = line.split('\t');
      return { code, katoCode, kk, ru, en, kind };
    });
    expect(rows).to.have.length(20);
    expect(REGIONS).to.deep.equal(rows);
  });

  it('isRegionCode — each of the 20 codes — true', () => {
    expect(new Set(REGION_CODES).size).to.equal(20);
    for (const code of REGION_CODES) expect(isRegionCode(code), code).to.equal(true);
  });

  it('isRegionCode — near misses, other types — false', () => {
    for (const value of [
      'KZ-76',
      'kz-75',
      'KZ75',
      ' KZ-75',
      'KZ-75 ',
      'KZ-ALA',
      '',
      75,
      null,
      undefined,
      ['KZ-75'],
    ]) {
      expect(isRegionCode(value), String(value)).to.equal(false);
    }
  });
});
