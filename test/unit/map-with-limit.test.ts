import { mapWithLimit } from '../../src/activities/migration/limit';

describe('mapWithLimit', () => {
  it('keeps results in input order with at most `limit` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapWithLimit([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('after a failure starts nothing new, and throws only once the work in flight has finished', async () => {
    // A retry of the caller must not race writes the failed attempt left running (a duplicate create).
    const finished: number[] = [];
    const started: number[] = [];
    const run = mapWithLimit([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      if (n === 0) throw new Error('transient');
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished.push(n);
      return n;
    });
    await expect(run).rejects.toThrow('transient');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([1]);
  });
});
