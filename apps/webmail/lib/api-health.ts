export interface DependencyStatus {
  status: 'ok' | 'down';
  latencyMs?: number;
  error?: string;
}

export interface ApiHealth {
  status: 'ok' | 'degraded';
  mongo: DependencyStatus;
  redis: DependencyStatus;
  protocols: { id: string; services: string[]; startedAt: string }[];
}

export type HealthResult = { reachable: true; health: ApiHealth } | { reachable: false; error: string };

/** The api's base URL; the launcher passes it from the validated config (webmail.apiUrl or api host and port). */
export const apiBaseUrl = (): string => process.env['EIDER_WEBMAIL__API_URL'] ?? 'http://127.0.0.1:8080';

export const fetchApiHealth = async (baseUrl: string = apiBaseUrl()): Promise<HealthResult> => {
  try {
    const response = await fetch(`${baseUrl}/health`, {
      cache: 'no-store',
      signal: AbortSignal.timeout(3000),
    });
    return { reachable: true, health: (await response.json()) as ApiHealth };
  } catch (error) {
    return { reachable: false, error: error instanceof Error ? error.message : 'request failed' };
  }
};
