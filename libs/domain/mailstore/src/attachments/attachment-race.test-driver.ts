import { createHash } from 'node:crypto';
import type { AttachmentStore } from './attachment-store.service';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * One racer of the concurrency tests, shared by the in-process racers and the forked processes (which
 * load the swc-built copy of this file and of the store). It is test code: it holds no protocol.
 */
export interface RacePlan {
  /** The contents racers fight over; racers pick among them at random. */
  contents: Buffer[];
  operations: number;
  seed: number;
  /** Indexes of contents whose references this racer releases completely when it is done. */
  releaseAtEnd: number[];
}

export interface RaceReport {
  /** References this racer holds per content at the end: the expected counts are their sums. */
  owned: number[];
  uploads: number;
  deduplicated: number;
  addedReferences: number;
  reads: number;
  releases: number;
  freed: number;
  /** Answers that contradict what this racer alone knows, e.g. fewer references than it holds. */
  violations: string[];
}

/** mulberry32: small, seedable, good enough to pick operations reproducibly. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/**
 * Random uploads, reference additions and releases. A racer only adds to or releases content it
 * holds references to, so every one of its calls must succeed whatever the others do, and every
 * count the store reports must be at least what this racer holds.
 */
export const runRacer = async (
  store: AttachmentStore,
  keys: string[],
  plan: RacePlan,
): Promise<RaceReport> => {
  const random = seededRandom(plan.seed);
  const report: RaceReport = {
    owned: keys.map(() => 0),
    uploads: 0,
    deduplicated: 0,
    addedReferences: 0,
    reads: 0,
    releases: 0,
    freed: 0,
    violations: [],
  };
  const check = (ok: boolean, what: string): void => {
    if (!ok) report.violations.push(what);
  };
  const release = async (index: number, count: number): Promise<void> => {
    const key = keys[index] as string;
    const result = await store.release(key, count);
    report.owned[index] = (report.owned[index] ?? 0) - count;
    report.releases++;
    if (result.freed) report.freed++;
    check(result.refs >= (report.owned[index] ?? 0), `release of ${key} left ${result.refs} refs`);
  };
  for (let step = 0; step < plan.operations; step++) {
    const index = Math.floor(random() * keys.length);
    const key = keys[index] as string;
    const owned = report.owned[index] ?? 0;
    const roll = random();
    if (owned === 0 || roll < 0.3) {
      const stored = await store.store(plan.contents[index] as Buffer);
      check(stored.key === key, `upload stored ${stored.key} for ${key}`);
      report.owned[index] = owned + 1;
      report.uploads++;
      if (stored.deduplicated) report.deduplicated++;
    } else if (roll < 0.42) {
      const count = 1 + Math.floor(random() * 3);
      const refs = await store.addReference(key, count);
      report.owned[index] = owned + count;
      report.addedReferences++;
      check(refs >= owned + count, `addReference of ${key} reported ${refs} refs`);
    } else if (roll < 0.5) {
      // A holder's read must always find the bytes intact, however the others churn.
      const read = await store.readAll(key);
      check(sha256(read) === key, `read of ${key} returned other bytes`);
      report.reads++;
    } else {
      // Often everything held, so counts keep falling to 0 and contents die and come back.
      await release(index, roll < 0.88 ? owned : 1 + Math.floor(random() * owned));
    }
  }
  for (const index of plan.releaseAtEnd) {
    const owned = report.owned[index] ?? 0;
    if (owned > 0) await release(index, owned);
  }
  return report;
};
