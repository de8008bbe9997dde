import { UID_BLOCK_SIZE, uidBlockOf } from './uid-block';
import { MAX_EQUALITY_BLOCKS, runsOfFewBlocks } from './uid-block.reader';

describe('runsOfFewBlocks', () => {
  it('cuts UIDs into runs of at most MAX_EQUALITY_BLOCKS blocks, keeping every UID in order', () => {
    const uids = Array.from({ length: 5000 }, (_, i) => 1 + i * 7);
    const runs = [...runsOfFewBlocks(uids)];
    expect(runs.flat()).toEqual(uids);
    for (const run of runs) {
      expect(new Set(run.map(uidBlockOf)).size).toBeLessThanOrEqual(MAX_EQUALITY_BLOCKS);
    }
    // Full runs: no run stops short of the limit except the last.
    for (const run of runs.slice(0, -1)) expect(new Set(run.map(uidBlockOf)).size).toBe(MAX_EQUALITY_BLOCKS);
  });

  it('keeps a few blocks in one run, and gives nothing for no UIDs', () => {
    const few = [1, 2, UID_BLOCK_SIZE * 3, UID_BLOCK_SIZE * 3 + 1];
    expect([...runsOfFewBlocks(few)]).toEqual([few]);
    expect([...runsOfFewBlocks(Uint32Array.from([]))]).toEqual([]);
  });
});
