// Proves the API harness and the donation flow work end to end: a staff donation is posted, a
// patron's declaration is pending until confirmed.
import { expect } from 'chai';
import { useApi } from '../support/api-harness.js';

describe('donations api (smoke)', () => {
  const api = useApi();

  it('POST /v1/donations — staff, then patron declares and staff confirm — posted, pending, posted', async () => {
    const staff = await api.current.post('staff', '/v1/donations', { amount: '100.00' }).expect(201);
    expect(staff.body).to.include({ status: 'posted', amount: '100.00', fundAvailable: '100.00' });
    const declared = await api.current.post('patron', '/v1/donations', { amount: '50.5' }).expect(201);
    expect(declared.body).to.include({ status: 'pending', amount: '50.50', patronId: api.current.patronId });
    const confirmed = await api.current
      .post('staff', `/v1/donations/${declared.body.id}/confirm`)
      .expect(200);
    expect(confirmed.body).to.include({ status: 'posted', fundAvailable: '150.50' });
    expect(await api.current.ledgerState()).to.include({ entries: 3, trialBalance: '0.00', verified: true });
  });
});
