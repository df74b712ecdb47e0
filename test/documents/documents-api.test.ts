// Proves the patron documents end to end on a real database: a receipt is a one-page PDF for posted
// money only, naming the entry that moved it and its SHA-256 hash, in Kazakh, Russian or English with
// the Kazakh letters really in the text; anonymous patrons are «Аноним»; a yearly statement lists the
// year's posted donations, marks reversed ones and totals the rest exactly; impact shows each fund's
// aid as aggregates only, small regions folded; and a patron reads only their own documents.
import { expect } from 'chai';
import request from 'supertest';
import { taxIdCheckDigit } from '../../src/people/tax-id.js';
import { type Actor, type ApiHarness, TEST_PASSWORD, useApi } from '../support/api-harness.js';
import { pdfLayoutText, pdfPageCount, pdfText, renderFirstPage, requirePoppler } from './pdf-tools.js';

/** A patron's name with the Kazakh letters a font without Kazakh coverage would lose. */
const KAZAKH_NAME = 'Іңкәр Шаһида Ғалымқызы Өтегенова-Ұлықбек Үміт';
const KAZAKH_LOWERCASE_LETTERS = ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'];

/** A document as the client received it: the raw bytes, and the problem when it is an error. */
interface DocumentAnswer {
  status: number;
  type: string;
  bytes: Buffer;
  problem: { code?: string; status?: number } | null;
}

/** A logged-in patron made for one scenario, with their own token. */
interface PatronLogin {
  token: string;
  patronId: number;
}

let serial = 0;
const nextSerial = () => {
  serial += 1;
  return serial;
};

let iinCounter = 0;
function nextIin(): string {
  for (;;) {
    iinCounter += 1;
    const first11 = `8802023${String(iinCounter).padStart(4, '0')}`;
    const check = taxIdCheckDigit(first11);
    if (check !== null) return `${first11}${check}`;
  }
}

/** Collects any body as bytes: superagent would otherwise drop a PDF. */
function collectBytes(response: NodeJS.ReadableStream, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
  response.on('error', (error: Error) => done(error, Buffer.alloc(0)));
}

async function fetchDocument(
  api: ApiHarness,
  who: Actor | PatronLogin,
  path: string,
): Promise<DocumentAnswer> {
  const test =
    typeof who === 'string'
      ? api.get(who, path)
      : request(api.app).get(path).set('Authorization', `Bearer ${who.token}`);
  const response = await test.buffer(true).parse(collectBytes as never);
  const bytes = response.body as Buffer;
  const type = String(response.headers['content-type'] ?? '');
  return {
    status: response.status,
    type,
    bytes,
    problem: type.startsWith('application/problem+json') ? JSON.parse(bytes.toString('utf8')) : null,
  };
}

/** Fetches a document that must be a PDF: 200, application/pdf, starting with %PDF-. */
async function fetchPdf(api: ApiHarness, who: Actor | PatronLogin, path: string): Promise<Buffer> {
  const answer = await fetchDocument(api, who, path);
  expect(answer.status, answer.bytes.toString('utf8').slice(0, 300)).to.equal(200);
  expect(answer.type).to.match(/^application\/pdf/);
  expect(answer.bytes.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
  return answer.bytes;
}

async function expectProblem(
  api: ApiHarness,
  who: Actor | PatronLogin,
  path: string,
  status: number,
  code: string,
): Promise<void> {
  const answer = await fetchDocument(api, who, path);
  expect(answer.status, answer.bytes.toString('utf8')).to.equal(status);
  expect(answer.type).to.match(/^application\/problem\+json/);
  expect(answer.problem).to.include({ status, code });
}

async function createFund(api: ApiHarness, name: string): Promise<number> {
  const response = await api
    .post('admin', '/v1/funds', { code: `documents-${nextSerial()}`, name, restricted: true })
    .expect(201);
  return response.body.id;
}

async function createPatron(api: ApiHarness, name: string, anonymous = false): Promise<number> {
  const response = await api
    .post('staff', '/v1/patrons', { name, kind: 'individual', anonymous })
    .expect(201);
  return response.body.id;
}

async function registerPatron(api: ApiHarness, name: string): Promise<PatronLogin> {
  const response = await request(api.app)
    .post('/v1/auth/register')
    .send({ email: `documents-${nextSerial()}@test.kz`, password: TEST_PASSWORD, name })
    .expect(201);
  return { token: response.body.token, patronId: response.body.user.patronId };
}

interface DonationBody {
  id: number;
  entryId: number;
  status: string;
  postedEntryId: number | null;
}

async function recordDonation(api: ApiHarness, body: Record<string, unknown>): Promise<DonationBody> {
  const response = await api.post('staff', '/v1/donations', body).expect(201);
  return response.body;
}

async function declareDonation(api: ApiHarness, patron: PatronLogin, body: Record<string, unknown>) {
  const response = await request(api.app)
    .post('/v1/donations')
    .set('Authorization', `Bearer ${patron.token}`)
    .send(body)
    .expect(201);
  return response.body as DonationBody;
}

async function reverseEntry(api: ApiHarness, entryId: number): Promise<number> {
  const response = await api
    .post('staff', `/v1/entries/${entryId}/reverse`, { reason: 'booked in error' })
    .expect(201);
  return response.body.id;
}

async function entryHash(api: ApiHarness, entryId: number): Promise<string> {
  return (await api.get('staff', `/v1/entries/${entryId}`).expect(200)).body.hash;
}

/** Receipt numbers of the table rows of a statement, read from the laid-out text. */
function statementRows(text: string): { receipt: number; line: string }[] {
  return text
    .split('\n')
    .map((line) => ({ line, match: /^\s*\d\d\.\d\d\.\d{4}\s+(\d+)\s/.exec(line) }))
    .filter((row) => row.match !== null)
    .map((row) => ({ receipt: Number(row.match?.[1]), line: row.line }));
}

describe('documents api', () => {
  const api = useApi();

  describe('receipts', () => {
    let fundId: number;
    let patronId: number;
    let donation: DonationBody;
    let hash: string;
    before(async () => {
      fundId = await createFund(api.current, 'Қысқы көмек');
      patronId = await createPatron(api.current, KAZAKH_NAME);
      donation = await recordDonation(api.current, {
        patronId,
        amount: '1234567.89',
        fundId,
        date: '2026-11-20',
      });
      hash = await entryHash(api.current, donation.entryId);
    });

    it('GET /v1/donations/:id/receipt — posted, no lang — one Kazakh PDF page: name, amount, fund, entry and its hash', async function () {
      const pdf = await fetchPdf(api.current, 'staff', `/v1/donations/${donation.id}/receipt`);
      requirePoppler(this);
      expect(pdfPageCount(pdf)).to.equal(1);
      const text = pdfText(pdf);
      for (const label of [
        '«Жомарт» қайырымдылық орталығы',
        'Қайырымдылық жарнасының түбіртегі',
        'Түбіртек нөмірі',
        'Жарна күні',
        'Демеуші',
        'Сомасы',
        'Қор',
        'Журнал жазбасы',
        'Жазбаның SHA-256 хэші',
        'Берілген күні',
      ]) {
        expect(text, label).to.include(label);
      }
      expect(text).to.include(KAZAKH_NAME);
      expect(text).to.include('1 234 567,89 ₸');
      expect(text).to.include('Қысқы көмек');
      expect(text).to.match(new RegExp(`№ ?${donation.entryId}\\b`));
      expect(text).to.match(/^[0-9a-f]{64}$/m);
      expect(text).to.include(hash);
      expect(text).to.include('20.11.2026');
      expect(text, 'issued today').to.include('25.11.2026');
      expect(text).to.include('журналымен салыстырып тексеруге болады');
      for (const letter of KAZAKH_LOWERCASE_LETTERS) expect(text, letter).to.include(letter);
      expect(text).to.not.include('КЕРІ ҚАЙТАРЫЛДЫ');
      const png = renderFirstPage(pdf, 'receipt-kk');
      expect(png.subarray(0, 8).toString('latin1')).to.equal('\x89PNG\r\n\x1a\n');
    });

    it('GET /v1/donations/:id/receipt — lang=ru and lang=en — the same facts under Russian and English labels', async function () {
      const russian = await fetchPdf(api.current, 'auditor', `/v1/donations/${donation.id}/receipt?lang=ru`);
      const english = await fetchPdf(api.current, 'admin', `/v1/donations/${donation.id}/receipt?lang=en`);
      requirePoppler(this);
      const russianText = pdfText(russian);
      for (const label of [
        'Благотворительный центр «Жомарт»',
        'Квитанция о пожертвовании',
        'Жертвователь',
        'Сумма',
      ]) {
        expect(russianText, label).to.include(label);
      }
      const englishText = pdfText(english);
      for (const label of [
        'Jomart Charity Center',
        'Donation receipt',
        'Patron',
        'Amount',
        'Entry SHA-256 hash',
      ]) {
        expect(englishText, label).to.include(label);
      }
      for (const text of [russianText, englishText]) {
        expect(text).to.include(KAZAKH_NAME);
        expect(text).to.include('1 234 567,89 ₸');
        expect(text).to.include(hash);
      }
    });

    it('GET /v1/donations/:id/receipt — lang=de or given twice — 400 VALIDATION_FAILED', async () => {
      await expectProblem(
        api.current,
        'staff',
        `/v1/donations/${donation.id}/receipt?lang=de`,
        400,
        'VALIDATION_FAILED',
      );
      await expectProblem(
        api.current,
        'staff',
        `/v1/donations/${donation.id}/receipt?lang=kk&lang=ru`,
        400,
        'VALIDATION_FAILED',
      );
      await expectProblem(
        api.current,
        'staff',
        `/v1/donations/${donation.id}/receipt?year=2026`,
        400,
        'VALIDATION_FAILED',
      );
    });

    it('GET /v1/donations/:id/receipt — the patron’s own donation — 200; another patron — 404 NOT_FOUND', async function () {
      const own = await recordDonation(api.current, {
        patronId: api.current.patronId,
        amount: '2500',
        fundId,
      });
      const pdf = await fetchPdf(api.current, 'patron', `/v1/donations/${own.id}/receipt`);
      const stranger = await registerPatron(api.current, 'Бөтен Адам');
      await expectProblem(api.current, stranger, `/v1/donations/${own.id}/receipt`, 404, 'NOT_FOUND');
      await expectProblem(api.current, 'patron', `/v1/donations/${donation.id}/receipt`, 404, 'NOT_FOUND');
      await expectProblem(api.current, 'staff', '/v1/donations/99999999/receipt', 404, 'NOT_FOUND');
      requirePoppler(this);
      expect(pdfText(pdf)).to.include('Асель Патрон').and.include('2 500,00 ₸');
    });

    it('GET /v1/donations/:id/receipt — pending, then voided — 409 NOT_POSTED, and nothing is written', async () => {
      const patron = await registerPatron(api.current, 'Күтуші Демеуші');
      const declared = await declareDonation(api.current, patron, { amount: '700', fundId });
      const before = await api.current.ledgerState();
      await expectProblem(api.current, patron, `/v1/donations/${declared.id}/receipt`, 409, 'NOT_POSTED');
      await expectProblem(api.current, 'staff', `/v1/donations/${declared.id}/receipt`, 409, 'NOT_POSTED');
      expect(await api.current.ledgerState()).to.deep.equal(before);
      await api.current
        .post('staff', `/v1/donations/${declared.id}/reject`, { reason: 'no such transfer' })
        .expect(200);
      await expectProblem(api.current, patron, `/v1/donations/${declared.id}/receipt`, 409, 'NOT_POSTED');
    });

    it('GET /v1/donations/:id/receipt — declared, then confirmed — cites the confirming entry and its hash', async function () {
      const patron = await registerPatron(api.current, 'Растаған Демеуші');
      const declared = await declareDonation(api.current, patron, { amount: '900.10', fundId });
      const confirmed = (await api.current.post('staff', `/v1/donations/${declared.id}/confirm`).expect(200))
        .body;
      expect(confirmed.postedEntryId).to.be.a('number').and.not.equal(declared.entryId);
      const pdf = await fetchPdf(api.current, patron, `/v1/donations/${declared.id}/receipt?lang=en`);
      requirePoppler(this);
      const text = pdfText(pdf);
      expect(text).to.match(new RegExp(`№ ?${confirmed.postedEntryId}\\b`));
      expect(text).to.include(await entryHash(api.current, confirmed.postedEntryId));
      expect(text).to.not.include(await entryHash(api.current, declared.entryId));
      expect(text).to.include('900,10 ₸');
    });

    it('GET /v1/donations/:id/receipt — reversed after posting — 200, marked reversed, naming the reversal and its hash', async function () {
      const reversed = await recordDonation(api.current, { patronId, amount: '50', fundId });
      const reversalId = await reverseEntry(api.current, reversed.entryId);
      const kazakh = await fetchPdf(api.current, 'staff', `/v1/donations/${reversed.id}/receipt`);
      const english = await fetchPdf(api.current, 'staff', `/v1/donations/${reversed.id}/receipt?lang=en`);
      requirePoppler(this);
      expect(pdfPageCount(kazakh)).to.equal(1);
      const kazakhText = pdfText(kazakh);
      expect(kazakhText).to.include('КЕРІ ҚАЙТАРЫЛДЫ');
      expect(kazakhText).to.include(`№ ${reversalId} жазбасымен кері қайтарылды`);
      expect(kazakhText).to.include(await entryHash(api.current, reversalId));
      expect(kazakhText).to.include(await entryHash(api.current, reversed.entryId));
      const englishText = pdfText(english);
      expect(englishText).to.include('REVERSED');
      expect(englishText).to.include(`reversed by entry no. ${reversalId}`);
    });

    it('GET /v1/donations/:id/receipt — anonymous patron, or no patron — «Аноним» / "Anonymous", the real name nowhere', async function () {
      const hiddenId = await createPatron(api.current, 'Ерлан Жасырынбеков', true);
      const hidden = await recordDonation(api.current, { patronId: hiddenId, amount: '1000', fundId });
      const nobody = await recordDonation(api.current, { amount: '10', fundId });
      const kazakh = await fetchPdf(api.current, 'admin', `/v1/donations/${hidden.id}/receipt`);
      const english = await fetchPdf(api.current, 'admin', `/v1/donations/${hidden.id}/receipt?lang=en`);
      const unnamed = await fetchPdf(api.current, 'staff', `/v1/donations/${nobody.id}/receipt?lang=ru`);
      requirePoppler(this);
      const kazakhText = pdfText(kazakh);
      expect(kazakhText).to.include('Аноним');
      expect(pdfText(english)).to.include('Anonymous');
      expect(pdfText(unnamed)).to.include('Аноним');
      for (const text of [kazakhText, pdfText(english)]) {
        expect(text).to.not.include('Ерлан');
        expect(text).to.not.include('Жасырынбеков');
      }
    });
  });

  describe('yearly statements', () => {
    let patron: PatronLogin;
    let expectedRows: number[];
    let reversedDonationId: number;
    let hashes: Map<number, string>;
    let pendingId: number;
    let voidedId: number;
    let priorYearId: number;

    before(async () => {
      patron = await registerPatron(api.current, 'Бауыржан Өтемісұлы');
      const winter = await createFund(api.current, 'Қысқы көмек — үйсіздерге');
      const school = await createFund(api.current, 'Білім қоры');
      const record = (amount: string, fundId: number, date: string) =>
        recordDonation(api.current, { patronId: patron.patronId, amount, fundId, date });
      const first = await record('1000.00', winter, '2026-01-15');
      const second = await record('2500.50', school, '2026-03-01');
      const reversed = await record('700.00', winter, '2026-06-10');
      await reverseEntry(api.current, reversed.entryId);
      const priorYear = await record('400.00', winter, '2025-12-31');
      const toConfirm = await declareDonation(api.current, patron, { amount: '300', fundId: school });
      const confirmed = (await api.current.post('staff', `/v1/donations/${toConfirm.id}/confirm`).expect(200))
        .body;
      const pending = await declareDonation(api.current, patron, { amount: '111', fundId: school });
      const voided = await declareDonation(api.current, patron, { amount: '222', fundId: school });
      await api.current.post('staff', `/v1/donations/${voided.id}/reject`, {}).expect(200);
      // Someone else's gift in the same year and funds: never on this patron's statement.
      await recordDonation(api.current, { patronId: api.current.patronId, amount: '9999', fundId: winter });
      expectedRows = [first.id, second.id, reversed.id, toConfirm.id];
      reversedDonationId = reversed.id;
      pendingId = pending.id;
      voidedId = voided.id;
      priorYearId = priorYear.id;
      hashes = new Map([
        [first.id, await entryHash(api.current, first.entryId)],
        [second.id, await entryHash(api.current, second.entryId)],
        [reversed.id, await entryHash(api.current, reversed.entryId)],
        [toConfirm.id, await entryHash(api.current, confirmed.postedEntryId)],
      ]);
    });

    it('GET /v1/patrons/:id/statement — year=2026 — the posted donations of 2026, reversed marked, total without it', async function () {
      const pdf = await fetchPdf(api.current, patron, `/v1/patrons/${patron.patronId}/statement?year=2026`);
      requirePoppler(this);
      const text = pdfLayoutText(pdf);
      expect(text).to.include('2026 жылғы жарналар туралы үзінді-көшірме');
      expect(text).to.include('Бауыржан Өтемісұлы');
      const rows = statementRows(text);
      expect(rows.map((row) => row.receipt)).to.deep.equal(expectedRows);
      for (const row of rows) {
        const prefix = (hashes.get(row.receipt) as string).slice(0, 12);
        expect(row.line, `row ${row.receipt}`).to.include(prefix);
        const reversed = row.receipt === reversedDonationId;
        expect(row.line, `row ${row.receipt}`).to.include(reversed ? 'кері қайтарылды' : 'өткізілді');
      }
      expect(rows.find((row) => row.receipt === expectedRows[0])?.line)
        .to.include('15.01.2026')
        .and.include('1 000,00 ₸');
      expect(rows.find((row) => row.receipt === expectedRows[1])?.line)
        .to.include('Білім қоры')
        .and.include('2 500,50 ₸');
      for (const absent of [pendingId, voidedId, priorYearId]) {
        expect(rows.map((row) => row.receipt)).to.not.include(absent);
      }
      // 1000.00 + 2500.50 + 300.00; the reversed 700.00 is listed but not counted.
      expect(text).to.match(/Жыл ішіндегі барлығы\s+3 800,50 ₸/);
      expect(text).to.include('Кері қайтарылған жарналар жиынтыққа кірмейді.');
      const png = renderFirstPage(pdf, 'statement-kk');
      expect(png.subarray(0, 4).toString('latin1')).to.equal('\x89PNG');
    });

    it('GET /v1/patrons/:id/statement — year=2025, lang=en — only the donation of 2025', async function () {
      const pdf = await fetchPdf(
        api.current,
        'auditor',
        `/v1/patrons/${patron.patronId}/statement?year=2025&lang=en`,
      );
      requirePoppler(this);
      const text = pdfLayoutText(pdf);
      expect(text).to.include('Statement of donations for 2025');
      expect(statementRows(text).map((row) => row.receipt)).to.deep.equal([priorYearId]);
      expect(text).to.match(/Total for the year\s+400,00 ₸/);
    });

    it('GET /v1/patrons/:id/statement — no year — this year in Almaty (2026)', async function () {
      const implied = await fetchPdf(
        api.current,
        'staff',
        `/v1/patrons/${patron.patronId}/statement?lang=ru`,
      );
      requirePoppler(this);
      const text = pdfLayoutText(implied);
      expect(text).to.include('Выписка о пожертвованиях за 2026 год');
      expect(statementRows(text).map((row) => row.receipt)).to.deep.equal(expectedRows);
      expect(text).to.match(/Итого за год\s+3 800,50 ₸/);
      expect(text).to.include('сторнировано');
    });

    it('GET /v1/patrons/:id/statement — a year without donations — 200, saying so, total 0,00 ₸', async function () {
      const pdf = await fetchPdf(api.current, patron, `/v1/patrons/${patron.patronId}/statement?year=2019`);
      requirePoppler(this);
      const text = pdfLayoutText(pdf);
      expect(text).to.include('Бұл жылы өткізілген жарналар жоқ.');
      expect(statementRows(text)).to.deep.equal([]);
      expect(text).to.match(/Жыл ішіндегі барлығы\s+0,00 ₸/);
    });

    it('GET /v1/patrons/:id/statement — another patron’s, or no such patron — 404 NOT_FOUND', async () => {
      await expectProblem(
        api.current,
        'patron',
        `/v1/patrons/${patron.patronId}/statement`,
        404,
        'NOT_FOUND',
      );
      await expectProblem(
        api.current,
        patron,
        `/v1/patrons/${api.current.patronId}/statement`,
        404,
        'NOT_FOUND',
      );
      await expectProblem(api.current, 'staff', '/v1/patrons/99999999/statement', 404, 'NOT_FOUND');
    });

    it('GET /v1/patrons/:id/statement — year not four digits, out of range, or an unknown field — 400 VALIDATION_FAILED', async () => {
      for (const query of [
        'year=26',
        'year=20266',
        'year=abcd',
        'year=1899',
        'year=2026.0',
        'lang=fr',
        'format=csv',
      ]) {
        await expectProblem(
          api.current,
          'staff',
          `/v1/patrons/${patron.patronId}/statement?${query}`,
          400,
          'VALIDATION_FAILED',
        );
      }
    });

    it('GET /v1/patrons/:id/statement — anonymous patron — «Аноним», the real name nowhere', async function () {
      const hiddenId = await createPatron(api.current, 'Мәди Құпиябеков', true);
      const fundId = await createFund(api.current, 'Жасырын қор');
      await recordDonation(api.current, { patronId: hiddenId, amount: '10', fundId, date: '2026-02-02' });
      const pdf = await fetchPdf(api.current, 'staff', `/v1/patrons/${hiddenId}/statement?year=2026`);
      requirePoppler(this);
      const text = pdfText(pdf);
      expect(text).to.include('Аноним');
      expect(text).to.not.include('Мәди').and.not.include('Құпиябеков');
    });

    it('GET /v1/patrons/:id/statement — 70 donations — runs onto a second page, every row listed, total exact', async function () {
      const manyId = await createPatron(api.current, 'Көп Берген');
      const fundId = await createFund(api.current, 'Ұзақ тізім қоры');
      let expectedTiyn = 0n;
      const ids: number[] = [];
      for (let index = 1; index <= 70; index += 1) {
        const tiyn = BigInt(index) * 1_000_001n;
        const amount = `${tiyn / 100n}.${String(tiyn % 100n).padStart(2, '0')}`;
        const day = String((index % 28) + 1).padStart(2, '0');
        const month = String(Math.ceil(index / 7)).padStart(2, '0');
        ids.push(
          (
            await recordDonation(api.current, {
              patronId: manyId,
              amount,
              fundId,
              date: `2026-${month}-${day}`,
            })
          ).id,
        );
        expectedTiyn += tiyn;
      }
      const pdf = await fetchPdf(api.current, 'staff', `/v1/patrons/${manyId}/statement?year=2026`);
      requirePoppler(this);
      expect(pdfPageCount(pdf)).to.be.at.least(2);
      const text = pdfLayoutText(pdf);
      expect(statementRows(text).map((row) => row.receipt)).to.have.members(ids);
      // 1 000 001 tiyn × (1 + … + 70) = 24 850 024,85 tenge.
      expect(expectedTiyn).to.equal(2_485_002_485n);
      expect(text).to.match(/Жыл ішіндегі барлығы\s+24 850 024,85 ₸/);
    });
  });

  describe('impact', () => {
    /** What fund A paid, as the test writes it down: the expectations are computed from this alone. */
    const AID_PLAN: {
      person: number;
      region: string;
      amount: string;
      reversed?: boolean;
      pending?: boolean;
    }[] = [
      { person: 1, region: 'KZ-75', amount: '10000.00' },
      { person: 1, region: 'KZ-75', amount: '2500.25' },
      { person: 2, region: 'KZ-75', amount: '20000.00' },
      { person: 2, region: 'KZ-75', amount: '600000.00', pending: true },
      { person: 3, region: 'KZ-75', amount: '30000.00' },
      { person: 4, region: 'KZ-75', amount: '40000.50' },
      { person: 5, region: 'KZ-75', amount: '50000.00' },
      { person: 6, region: 'KZ-75', amount: '60000.00' },
      { person: 7, region: 'KZ-11', amount: '12000.50' },
      { person: 8, region: 'KZ-11', amount: '3000.00' },
      { person: 9, region: 'KZ-79', amount: '7000.00' },
      { person: 10, region: 'KZ-75', amount: '9999.00', reversed: true },
    ];

    let patron: PatronLogin;
    let fundA: number;
    let recipientNames: string[];
    let recipientIins: string[];

    before(async () => {
      patron = await registerPatron(api.current, 'Әсет Көмекші');
      fundA = await createFund(api.current, 'Денсаулық қоры');
      const fundB = await createFund(api.current, 'Кері қайтарылған қор');
      const fundC = await createFund(api.current, 'Күтудегі қор');
      const fundD = await createFund(api.current, 'Басқаның қоры');
      await recordDonation(api.current, { patronId: patron.patronId, amount: '6000000.00', fundId: fundA });
      await recordDonation(api.current, { patronId: patron.patronId, amount: '1000.00', fundId: fundA });
      await recordDonation(api.current, {
        patronId: api.current.patronId,
        amount: '1000000.00',
        fundId: fundA,
      });
      const toReverse = await recordDonation(api.current, {
        patronId: patron.patronId,
        amount: '500',
        fundId: fundB,
      });
      await reverseEntry(api.current, toReverse.entryId);
      await declareDonation(api.current, patron, { amount: '100', fundId: fundC });
      await recordDonation(api.current, {
        patronId: api.current.patronId,
        amount: '5000000.00',
        fundId: fundD,
      });

      const recipientIds = new Map<number, number>();
      recipientNames = [];
      recipientIins = [];
      for (const { person, region } of AID_PLAN) {
        if (recipientIds.has(person)) continue;
        const iin = nextIin();
        const fullName = `Алушы Нөмір${person} Қасымұлы`;
        const created = await api.current
          .post('staff', '/v1/recipients', { iin, fullName, region })
          .expect(201);
        recipientIds.set(person, created.body.id);
        recipientNames.push(fullName);
        recipientIins.push(iin);
      }
      for (const step of AID_PLAN) {
        const aid = await api.current
          .post('staff', '/v1/aid', {
            recipientId: recipientIds.get(step.person),
            fundId: fundA,
            amount: step.amount,
            category: 'medical',
          })
          .expect(201);
        expect(aid.body.status).to.equal(step.pending ? 'pending' : 'posted');
        if (step.reversed) await reverseEntry(api.current, aid.body.entryId);
      }
      // Aid from a fund the patron never gave to: not part of their impact.
      await api.current
        .post('staff', '/v1/aid', {
          recipientId: recipientIds.get(1),
          fundId: fundD,
          amount: '55555.55',
          category: 'food',
        })
        .expect(201);
    });

    /** The expected aid of fund A from AID_PLAN alone: posted, not reversed, per person, then per region, folded. */
    function expectedAid(regionName: (code: string) => string) {
      const perPerson = new Map<number, { region: string; tiyn: bigint }>();
      for (const step of AID_PLAN) {
        if (step.pending || step.reversed) continue;
        const [tenge, tiyn = '00'] = step.amount.split('.');
        const amountTiyn = BigInt(tenge as string) * 100n + BigInt(tiyn.padEnd(2, '0'));
        const person = perPerson.get(step.person) ?? { region: step.region, tiyn: 0n };
        person.tiyn += amountTiyn;
        perPerson.set(step.person, person);
      }
      const perRegion = new Map<string, { people: number; tiyn: bigint }>();
      for (const { region, tiyn } of perPerson.values()) {
        const group = perRegion.get(region) ?? { people: 0, tiyn: 0n };
        group.people += 1;
        group.tiyn += tiyn;
        perRegion.set(region, group);
      }
      const asText = (tiyn: bigint) => `${tiyn / 100n}.${String(tiyn % 100n).padStart(2, '0')}`;
      const named = [...perRegion]
        .filter(([, group]) => group.people >= 5)
        .sort(([left], [right]) => (left < right ? -1 : 1));
      const small = [...perRegion].filter(([, group]) => group.people < 5);
      const other = small.reduce(
        (sum, [, group]) => ({ people: sum.people + group.people, tiyn: sum.tiyn + group.tiyn }),
        {
          people: 0,
          tiyn: 0n,
        },
      );
      const totalTiyn = [...perPerson.values()].reduce((sum, person) => sum + person.tiyn, 0n);
      return {
        total: asText(totalTiyn),
        people: perPerson.size,
        regions: [
          ...named.map(([region, group]) => ({
            region,
            name: regionName(region),
            people: group.people,
            total: asText(group.tiyn),
          })),
          ...(small.length > 0
            ? [
                {
                  region: 'other',
                  name: regionName('other'),
                  people: other.people,
                  total: asText(other.tiyn),
                },
              ]
            : []),
        ],
      };
    }

    it('GET /v1/patrons/:id/impact — own — only fund A (B reversed to zero, C pending), its aid per region, small regions folded', async () => {
      const response = await request(api.current.app)
        .get(`/v1/patrons/${patron.patronId}/impact`)
        .set('Authorization', `Bearer ${patron.token}`)
        .expect(200);
      expect(response.type).to.equal('application/json');
      const names: Record<string, string> = { 'KZ-75': 'Алматы қаласы', other: 'басқа өңірлер' };
      expect(response.body).to.deep.equal({
        patronId: patron.patronId,
        funds: [
          {
            fundId: fundA,
            code: response.body.funds[0]?.code,
            name: 'Денсаулық қоры',
            given: '6001000.00',
            aid: expectedAid((code) => names[code] ?? code),
          },
        ],
      });
      // Written out once by hand too, so a shared mistake in the model above cannot hide.
      expect(response.body.funds[0].aid).to.deep.equal({
        total: '234501.25',
        people: 9,
        regions: [
          { region: 'KZ-75', name: 'Алматы қаласы', people: 6, total: '212500.75' },
          { region: 'other', name: 'басқа өңірлер', people: 3, total: '22000.50' },
        ],
      });
    });

    it('GET /v1/patrons/:id/impact — any reader — aggregates only: no recipient name, IIN or id', async () => {
      for (const actor of ['admin', 'staff', 'auditor'] as const) {
        const response = await api.current.get(actor, `/v1/patrons/${patron.patronId}/impact`).expect(200);
        const text = JSON.stringify(response.body);
        for (const name of recipientNames) expect(text, actor).to.not.include(name);
        for (const iin of recipientIins) expect(text, actor).to.not.include(iin.slice(-4));
        expect(text).to.not.match(/recipient/i);
      }
    });

    it('GET /v1/patrons/:id/impact — lang=ru — region names in Russian', async () => {
      const response = await api.current
        .get('auditor', `/v1/patrons/${patron.patronId}/impact?lang=ru`)
        .expect(200);
      expect(response.body.funds[0].aid.regions.map((group: { name: string }) => group.name)).to.deep.equal([
        'г.Алматы',
        'другие регионы',
      ]);
    });

    it('GET /v1/patrons/:id/impact — a patron who gave nothing posted — an empty list of funds', async () => {
      const response = await api.current
        .get('patron', `/v1/patrons/${api.current.patronId}/impact`)
        .expect(200);
      expect(response.body.patronId).to.equal(api.current.patronId);
      const fresh = await registerPatron(api.current, 'Жаңа Демеуші');
      const empty = await request(api.current.app)
        .get(`/v1/patrons/${fresh.patronId}/impact`)
        .set('Authorization', `Bearer ${fresh.token}`)
        .expect(200);
      expect(empty.body).to.deep.equal({ patronId: fresh.patronId, funds: [] });
    });

    it('GET /v1/patrons/:id/impact — another patron’s, or no such patron — 404 NOT_FOUND', async () => {
      await expectProblem(api.current, 'patron', `/v1/patrons/${patron.patronId}/impact`, 404, 'NOT_FOUND');
      await expectProblem(api.current, 'staff', '/v1/patrons/99999999/impact', 404, 'NOT_FOUND');
      await expectProblem(
        api.current,
        'staff',
        `/v1/patrons/${patron.patronId}/impact?lang=xx`,
        400,
        'VALIDATION_FAILED',
      );
    });
  });
});
