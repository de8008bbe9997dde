import type { Browser } from 'playwright-core';
import { launchChromium, openPage, saveFailureScreenshot, type OpenedPage } from './webmail-browser';
import { startWebmailStack, type WebmailStack } from './webmail-stack';

export interface WebmailSuite {
  /** The running stack; valid inside tests and hooks registered after the suite. */
  readonly stack: WebmailStack;
  /** A fresh browser context on the webmail, closed (and checked for foreign requests) after the test. */
  newPage: (options?: Parameters<typeof openPage>[2]) => Promise<OpenedPage>;
}

/**
 * One stack and one Chromium per spec file, with the per-test cleanup every webmail spec needs: a screenshot
 * when the test failed, the context closed, and the network guard's verdict.
 */
export const useWebmailSuite = (): WebmailSuite => {
  let stack: WebmailStack | undefined;
  let browser: Browser | undefined;
  const opened: OpenedPage[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startWebmailStack(), launchChromium()]);
  });
  afterEach(async ({ task }) => {
    for (const { context, page, guard } of opened.splice(0)) {
      if (task.result?.state === 'fail') await saveFailureScreenshot(page, task.name);
      await context.close();
      guard.assertClean();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const running = (): { stack: WebmailStack; browser: Browser } => {
    if (!stack || !browser) throw new Error('the webmail suite has not started (use it inside tests)');
    return { stack, browser };
  };
  return {
    get stack() {
      return running().stack;
    },
    newPage: async (options) => {
      const current = running();
      const page = await openPage(current.browser, current.stack.baseUrl, options);
      opened.push(page);
      return page;
    },
  };
};
