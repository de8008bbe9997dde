import type { ManagedProcess } from '@eider/stack';
import { StackError } from '@eider/stack';

interface HealthBody {
  status?: string;
  mongo?: { status?: string };
  redis?: { status?: string };
  protocols?: unknown[];
}

/** Polls the api's /health until mongo and redis are ok and, when expected, a protocols node has reported. */
export const waitForHealthy = async (
  apiUrl: string,
  expectProtocols: boolean,
  processes: ManagedProcess[],
  timeoutMs = 60_000,
): Promise<HealthBody> => {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const dead = processes.find((managed) => managed.exitReason() !== undefined);
    if (dead)
      throw new StackError(
        `${dead.name} stopped during start-up (${dead.exitReason() ?? ''}); see its log above`,
      );
    try {
      const response = await fetch(`${apiUrl}/health`, { signal: AbortSignal.timeout(2000) });
      const body = (await response.json()) as HealthBody;
      const protocolsReady = !expectProtocols || (body.protocols?.length ?? 0) > 0;
      if (response.ok && body.mongo?.status === 'ok' && body.redis?.status === 'ok' && protocolsReady)
        return body;
      last = JSON.stringify(body);
    } catch (error) {
      last = error instanceof Error ? error.message : 'request failed';
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new StackError(
    `the api at ${apiUrl} did not report healthy within ${timeoutMs / 1000} s (last: ${last})`,
  );
};
