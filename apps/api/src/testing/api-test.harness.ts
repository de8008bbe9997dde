import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AccessTokenService, Accounts } from '@eider/accounts';
import type { EiderConfig } from '@eider/config';
import { MailStore, type UserDocument } from '@eider/mailstore';
import { callJsonApi, testConfig, type JsonApiCallOptions, type JsonApiResponse } from '@eider/testing';
import { createApiApp } from '../api-app.factory';

export type ApiCallOptions = JsonApiCallOptions;
export type ApiResponse<T = Record<string, unknown>> = JsonApiResponse<T>;

export interface TestUser {
  user: UserDocument;
  id: string;
  token: string;
  password: string;
}

export interface ApiHarness {
  app: NestExpressApplication;
  config: EiderConfig;
  baseUrl: string;
  rootToken: string;
  store: MailStore;
  accounts: Accounts;
  /** A request with the root token unless `token` says otherwise (null sends none). */
  call: <T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: ApiCallOptions,
  ) => Promise<ApiResponse<T>>;
  /** A fresh account with default mailboxes, a main address and a user token. */
  createUser: (label?: string) => Promise<TestUser>;
  close: () => Promise<void>;
}

let userCounter = 0;

/**
 * The real API application, in process, on a free port, against the test run's FerretDB/MongoDB and
 * Redis. Nothing is mocked: requests go through HTTP, the guards, the pipes and the filters.
 */
export const startApiHarness = async (
  overrides: (config: EiderConfig) => void = () => undefined,
): Promise<ApiHarness> => {
  const base = testConfig();
  const rootToken = randomBytes(24).toString('hex');
  const config: EiderConfig = {
    ...base,
    log: { ...base.log, level: 'error' },
    api: { ...base.api, rootToken, port: 0, host: '127.0.0.1' },
  };
  overrides(config);
  const app = await createApiApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const store = app.get(MailStore);
  const accounts = app.get(Accounts);
  const tokens = app.get(AccessTokenService);
  const run = `${process.pid.toString(36)}${Date.now().toString(36)}`;

  const call = <T>(method: string, path: string, options: ApiCallOptions = {}): Promise<ApiResponse<T>> =>
    callJsonApi<T>(baseUrl, rootToken, method, path, options);

  const createUser = async (label = 'user'): Promise<TestUser> => {
    const username = `${label}${run}x${userCounter++}`.toLowerCase();
    const password = `pw-${randomBytes(6).toString('hex')}`;
    const user = await accounts.createAccount({ username, password, address: `${username}@example.test` });
    const issued = await tokens.issue({ user: user._id, role: 'user', ttlSeconds: 3600 });
    return { user, id: user._id.toHexString(), token: issued.token, password };
  };

  return {
    app,
    config,
    baseUrl,
    rootToken,
    store,
    accounts,
    call,
    createUser,
    close: () => app.close(),
  };
};
