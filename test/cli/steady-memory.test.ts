// Proves the command line's steady-memory wrapper: it answers what the work answers (or throws what
// it throws), and really runs V8's full collector meanwhile.
import { expect } from 'chai';
import { COLLECT_EVERY_MILLISECONDS, withSteadyMemory } from '../../src/cli/steady-memory.js';

describe('withSteadyMemory', () => {
  it('work that outlasts a few collection periods — its result; dead objects collected meanwhile', async () => {
    let collected = false;
    const registry = new FinalizationRegistry(() => {
      collected = true;
    });
    const result = await withSteadyMemory(async () => {
      registry.register({ batch: new Array(1000).fill('row') }, 'batch');
      await new Promise((resolve) => setTimeout(resolve, COLLECT_EVERY_MILLISECONDS * 4));
      return 42;
    });
    // Finalizers run after a collection, on a later turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(result).to.equal(42);
    expect(collected, 'the dead batch was collected while the work ran').to.equal(true);
  });

  it('work that fails — the same error', async () => {
    const failure = new Error('the statement could not be read');
    const outcome = await withSteadyMemory(() => Promise.reject(failure)).catch((error: unknown) => error);
    expect(outcome).to.equal(failure);
  });
});
