import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchDebianChromium } from '@eider/testing';
import { workspaceRoot } from './bench-stack';
import { freePort } from './eider-protocols';

const WEBMAIL_DIR = join(workspaceRoot, 'apps/webmail');

export interface BenchWebmail {
  baseUrl: string;
  stop(): Promise<void>;
}

/** `next start` of the built webmail on a free port, pointed at the bench's api. */
export const startBenchWebmail = async (apiUrl: string): Promise<BenchWebmail> => {
  if (!existsSync(join(WEBMAIL_DIR, '.next/BUILD_ID'))) {
    throw new Error('the webmail is not built: run `npx nx run webmail:build` (npm run bench:webmail does)');
  }
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      join(workspaceRoot, 'node_modules/next/dist/bin/next'),
      'start',
      '--port',
      String(port),
      '--hostname',
      '127.0.0.1',
    ],
    {
      cwd: WEBMAIL_DIR,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        EIDER_WEBMAIL__API_URL: apiUrl,
      },
      stdio: ['ignore', 'ignore', 2],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await fetch(`${baseUrl}/login`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error('the webmail did not answer within 60 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { baseUrl, stop };
};

/** Debian's Chromium with the flags every webmail measurement uses. */
export const launchBenchChromium = (): Promise<Browser> => launchDebianChromium('bench:webmail');

/** A signed-in page (through the login form, as a person would). */
export const signedInPage = async (
  browser: Browser,
  baseUrl: string,
  username: string,
  password: string,
): Promise<Page> => {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/mail/);
  await page.getByTestId('message-row').first().waitFor();
  return page;
};

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length === 0
    ? NaN
    : sorted.length % 2
      ? sorted[middle]!
      : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export const percentile = (values: number[], fraction: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
};
