import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort } from '@eider/stack';
import { createTransport } from 'nodemailer';
import { startSink } from '../lmtp/lmtp-e2e.helpers';
import { apiCall, startApi, type RunningApi } from './api-process';
import { workspaceRoot } from './launcher';
import { startProtocols, stackEnv, type RunningProtocols } from './protocols-process';

const webmailDir = join(workspaceRoot, 'apps/webmail');
const nextBin = join(workspaceRoot, 'node_modules/next/dist/bin/next');

export interface RunningWebmail {
  baseUrl: string;
  output: () => string;
  stop: () => Promise<void>;
}

export type Sink = Awaited<ReturnType<typeof startSink>>;

export interface WebmailUser {
  id: string;
  username: string;
  password: string;
  address: string;
  /** An API token of this user's own, for setting up and checking state beside the browser. */
  token: string;
}

export interface GraphqlAnswer<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface WebmailStack {
  api: RunningApi;
  protocols: RunningProtocols;
  sink: Sink;
  webmail: RunningWebmail;
  baseUrl: string;
  createUser: (label: string) => Promise<WebmailUser>;
  /** Delivers one raw message over LMTP, as the MTA would. */
  deliver: (to: string, raw: string) => Promise<void>;
  graphql: <T = Record<string, unknown>>(
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ) => Promise<GraphqlAnswer<T>>;
  stop: () => Promise<void>;
}

/** `next start` of the built webmail on a free port, talking to the given api. */
export const startWebmail = async (apiUrl: string): Promise<RunningWebmail> => {
  if (!existsSync(join(webmailDir, '.next/BUILD_ID'))) {
    throw new Error(
      'the webmail is not built: run `NX_DAEMON=false npx nx run webmail:build` (npm test does)',
    );
  }
  const port = await findFreePort();
  const child = spawn(
    process.execPath,
    [nextBin, 'start', '--port', String(port), '--hostname', '127.0.0.1'],
    {
      cwd: webmailDir,
      env: {
        ...stackEnv(),
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        EIDER_WEBMAIL__API_URL: apiUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the webmail exited with ${child.exitCode}:\n${output}`);
    const up = await fetch(`${baseUrl}/login`, { redirect: 'manual' }).then(
      (response) => response.status < 500,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the webmail did not answer within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { baseUrl, output: () => output, stop };
};

/**
 * The built api (with an smtp-server sink as its submission relay), the protocols app (LMTP only) and the
 * built webmail, all on free ports against the test run's store.
 */
export const startWebmailStack = async (): Promise<WebmailStack> => {
  const sink = await startSink();
  const [api, protocols] = await Promise.all([
    startApi({ EIDER_LMTP__RELAY__URL: `smtp://127.0.0.1:${sink.port}` }),
    startProtocols({ EIDER_POP3__ENABLED: 'false', EIDER_IMAP__ENABLED: 'false' }),
  ]);
  const webmail = await startWebmail(api.baseUrl).catch(async (error: unknown) => {
    await Promise.all([api.stop(), protocols.stop(), sink.stop()]);
    throw error;
  });
  const suffix = randomBytes(3).toString('hex');
  const transport = createTransport({
    host: '127.0.0.1',
    port: protocols.lmtpPort,
    lmtp: true,
    ignoreTLS: true,
  });

  const createUser = async (label: string): Promise<WebmailUser> => {
    const username = `${label}${suffix}`;
    const password = `pw-${randomBytes(6).toString('hex')}`;
    const created = await apiCall(api, 'POST', '/users', { json: { username, password } });
    if (created.status !== 200) throw new Error(`creating ${username}: HTTP ${created.status}`);
    const id = created.body['id'] as string;
    const address = `${username}@webmail.example`;
    const added = await apiCall(api, 'POST', `/users/${id}/addresses`, { json: { address } });
    if (added.status !== 200) throw new Error(`adding ${address}: HTTP ${added.status}`);
    const login = await apiCall(api, 'POST', '/authenticate', { token: null, json: { username, password } });
    return { id, username, password, address, token: login.body['token'] as string };
  };

  const deliver = async (to: string, raw: string): Promise<void> => {
    const info = await transport.sendMail({ envelope: { from: 'sender@example.org', to: [to] }, raw });
    if (info.accepted.length !== 1) throw new Error(`LMTP refused the message for ${to}`);
  };

  const graphql = async <T>(token: string, query: string, variables: Record<string, unknown> = {}) => {
    const response = await apiCall<Omit<GraphqlAnswer<T>, 'status'>>(api, 'POST', '/graphql', {
      token,
      json: { query, variables },
    });
    return { ...response.body, status: response.status };
  };

  return {
    api,
    protocols,
    sink,
    webmail,
    baseUrl: webmail.baseUrl,
    createUser,
    deliver,
    graphql,
    stop: async () => {
      transport.close();
      await webmail.stop();
      await Promise.all([api.stop(), protocols.stop(), sink.stop()]);
    },
  };
};
