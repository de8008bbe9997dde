/** One structured log record; never carries passwords or message content. */
export interface Pop3LogEvent {
  event: string;
  sessionId: string;
  remoteAddress: string;
  user: string | null;
  command?: string;
  result?: 'ok' | 'err';
  durationMs?: number;
  detail?: string;
  error?: unknown;
}

export type Pop3EventLogger = (event: Pop3LogEvent) => void;
