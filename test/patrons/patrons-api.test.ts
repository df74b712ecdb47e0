// Proves patrons are registered with valid IIN/BIN, recognised again by the keyed hash, seen by
// each role as SPEC §1 says, and that erasing a patron's personal data keeps the ledger intact.
import { expect } from 'chai';
import { TEST_PASSWORD, useApi } from '../support/api-harness.js';

describe('patrons api', () => {
  const api = useApi();
  const knex = () => api.current.services.database.knex;

  it('POST /v1/patrons — an organization with a valid BIN — 201; the same BIN again — 409 with existingId', async () => {
    const created = await api.current
      .post('staff', '/v1/patrons', { name: 'ТОО «Қайырымды»', kind: 'organization', bin: '900101300017' })
      .expect(201);
    expect(created.body).to.include({ name: 'ТОО «Қайырымды»', kind: 'organization', bin: '900101300017' });
    const again = await api.current
      .post('staff', '/v1/patrons', { name: 'Other name', kind: 'organization', bin: '900101300017' })
      .expect(409);
    expect(again.body).to.include({ code: 'DUPLICATE', existingId: created.body.id });
  });

  it('POST /v1/patrons — a bad check digit, an IIN on an organization — 400, nothing stored', async () => {
    const [before] = await knex()('patrons').count({ count: '*' });
    const badDigit = await api.current
      .post('staff', '/v1/patrons', { name: 'X', kind: 'individual', iin: '900101300018' })
      .expect(400);
    expect(badDigit.body).to.include({ code: 'VALIDATION_FAILED', field: 'iin' });
    await api.current
      .post('staff', '/v1/patrons', { name: 'X', kind: 'organization', iin: '900101300017' })
      .expect(400);
    const [after] = await knex()('patrons').count({ count: '*' });
    expect(after).to.deep.equal(before);
  });

  it('GET /v1/patrons/:id — an auditor — the IIN masked; staff — in full', async () => {
    const created = await api.current
      .post('staff', '/v1/patrons', { name: 'Бақыт Сүлейменов', kind: 'individual', iin: '850502400120' })
      .expect(201);
    const asAuditor = await api.current.get('auditor', `/v1/patrons/${created.body.id}`).expect(200);
    expect(asAuditor.body.iin).to.equal('********0120');
    const asStaff = await api.current.get('staff', `/v1/patrons/${created.body.id}`).expect(200);
    expect(asStaff.body.iin).to.equal('850502400120');
  });

  it('POST /v1/patrons/:id/erase — a patron with a login and a donation — data gone, login off, ledger intact', async () => {
    const signup = await api.current.post('anonymous', '/v1/auth/register', {
      email: 'forget-me@test.kz',
      password: TEST_PASSWORD,
      name: 'Гүлнар Ұмытылсын',
    });
    const patronId: number = signup.body.user.patronId;
    const declared = await api.current
      .post(
        'anonymous',
        '/v1/donations',
        { amount: '70.00' },
        { Authorization: `Bearer ${signup.body.token}` },
      )
      .expect(201);
    await api.current.post('staff', `/v1/donations/${declared.body.id}/confirm`).expect(200);
    const ledgerBefore = await api.current.ledgerState();

    const erased = await api.current
      .post('admin', `/v1/patrons/${patronId}/erase`, { reason: 'Өтініш бойынша' })
      .expect(200);
    expect(erased.body).to.include({ name: null, iin: null, email: null });
    expect(erased.body.erasedAt).to.be.a('string');
    const row = await knex()('patrons').where({ id: patronId }).first();
    expect(JSON.stringify(row)).not.to.include('Гүлнар');
    expect(JSON.stringify(await knex()('users').where({ patron_id: patronId }).first())).not.to.include(
      'forget-me',
    );
    await api.current
      .post('anonymous', '/v1/auth/login', { email: 'forget-me@test.kz', password: TEST_PASSWORD })
      .expect(401);
    await api.current
      .get('anonymous', '/v1/me')
      .set('Authorization', `Bearer ${signup.body.token}`)
      .expect(401);
    expect(await api.current.ledgerState()).to.deep.equal(ledgerBefore);
    const donation = await api.current.get('staff', `/v1/donations/${declared.body.id}`).expect(200);
    expect(donation.body).to.include({ patronId, status: 'posted', amount: '70.00' });

    const again = await api.current
      .post('admin', `/v1/patrons/${patronId}/erase`, { reason: 'again' })
      .expect(409);
    expect(again.body.code).to.equal('ALREADY_ERASED');
    await api.current.post('admin', '/v1/patrons/999999/erase', { reason: 'x' }).expect(404);
    await api.current.post('staff', `/v1/patrons/${patronId}/erase`, { reason: 'x' }).expect(403);
  });
});
