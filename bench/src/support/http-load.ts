import { percentile } from './imap-load';

/** A positive integer from the environment, or the fallback. */
export const numberEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};

export interface LoadOptions {
  clients: number;
  seconds: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  perSecond: number;
  p50: number;
  p99: number;
}

/** `clients` workers each running `request` back to back for `seconds`; latencies in ms. */
export const runLoad = async (
  options: LoadOptions,
  request: (worker: number) => Promise<void>,
): Promise<LoadResult> => {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.clients }, async (_value, worker) => {
      while (performance.now() < deadline) {
        const begin = performance.now();
        try {
          await request(worker);
          latencies.push(performance.now() - begin);
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    ...(firstError ? { firstError } : {}),
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
};

export const describeLoad = (label: string, result: LoadResult): string =>
  `${label}: ${result.requests} requests, ${result.perSecond.toFixed(1)}/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${result.errors} errors`;
