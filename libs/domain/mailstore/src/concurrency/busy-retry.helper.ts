import { setTimeout as sleep } from 'node:timers/promises';

const BUSY_ATTEMPTS = 8;

/**
 * FerretDB's SQLite backend answers a write that loses a lock race with "database is locked
 * (SQLITE_BUSY)" instead of waiting (a deferred transaction cannot upgrade once another writer has
 * committed). The statement then changed nothing, so running the same operation again is safe.
 */
export const isBusyError = (error: unknown): boolean =>
  error instanceof Error && /SQLITE_BUSY|database is locked/.test(error.message);

/** Runs a single store operation, again after a short random pause while the store reports it busy. */
export const retryBusy = async <T>(operation: () => Promise<T>): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isBusyError(error) || attempt >= BUSY_ATTEMPTS) throw error;
      await sleep(Math.random() * 10 * attempt);
    }
  }
};
