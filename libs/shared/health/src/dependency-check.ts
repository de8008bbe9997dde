export interface DependencyHealth {
  status: 'ok' | 'down';
  latencyMs?: number;
  error?: string;
}

/** Runs a probe with a deadline: a hung dependency must turn a health check into "down", not a hang. */
export const checkDependency = async (
  probe: () => Promise<unknown>,
  timeoutMs: number,
): Promise<DependencyHealth> => {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return { status: 'ok', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
};
