import type { Page, Request } from 'playwright-core';

// Page-side code as strings: the bench compiles without the DOM library, and these run in the browser.
const PROBE_INIT = `
  window.__benchProbe = { longTasks: [], frames: 0, dropped: 0, running: false };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__benchProbe.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
`;
const PROBE_START = `(() => {
  const probe = window.__benchProbe;
  probe.longTasks.length = 0; probe.frames = 0; probe.dropped = 0; probe.running = true;
  let last = performance.now();
  const tick = (now) => {
    const delta = now - last;
    last = now;
    probe.frames++;
    // A frame that took more than 1.5 vsyncs (60 Hz) dropped the ones it covered.
    if (delta > 25) probe.dropped += Math.round(delta / 16.7) - 1;
    if (probe.running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;
const PROBE_STOP = `(() => {
  const probe = window.__benchProbe;
  probe.running = false;
  return { frames: probe.frames, dropped: probe.dropped, longTasks: probe.longTasks.slice() };
})()`;
const SCROLL_STEP = `(() => {
  const list = document.querySelector('[data-testid="message-list"]');
  if (!list) return { bottom: true, top: 0, height: 0, rows: 0 };
  const scroller = [list, ...list.querySelectorAll('*')].find(
    (element) => element.scrollHeight > element.clientHeight + 1 && getComputedStyle(element).overflowY !== 'visible',
  );
  const rows = document.querySelectorAll('[data-testid="message-row"]').length;
  if (!scroller) return { bottom: true, top: 0, height: 0, rows };
  scroller.scrollTop += scroller.clientHeight * 2;
  return {
    bottom: scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2,
    top: scroller.scrollTop,
    height: scroller.scrollHeight,
    rows,
  };
})()`;

export interface ScrollResult {
  reachedBottom: boolean;
  steps: number;
  seconds: number;
  frames: number;
  droppedFrames: number;
  longTasks: number;
  longTaskMs: number;
  pageFetches: number[];
}

/** Installs the long-task observer; call before the page loads. */
export const installScrollProbe = async (page: Page): Promise<void> => {
  await page.addInitScript({ content: PROBE_INIT });
};

const isListFetch = (request: Request): boolean =>
  request.url().endsWith('/api/graphql') && /\bmessages\s*\(/.test(request.postData() ?? '');

/**
 * Scrolls the message list to the bottom two viewports at a time, waiting for the list's own page fetches,
 * and reports dropped frames, long tasks and the time of each page fetch.
 */
export const scrollToBottom = async (page: Page, timeLimitMs: number): Promise<ScrollResult> => {
  const pageFetches: number[] = [];
  let inFlight = 0;
  const started = (request: Request) => {
    if (isListFetch(request)) inFlight++;
  };
  const finished = (request: Request) => {
    if (!isListFetch(request)) return;
    inFlight--;
    const timing = request.timing();
    if (timing.responseEnd > 0) pageFetches.push(timing.responseEnd);
  };
  page.on('request', started);
  page.on('requestfinished', finished);
  page.on('requestfailed', finished);
  await page.evaluate(PROBE_START);
  const begin = Date.now();
  let steps = 0;
  let reachedBottom = false;
  let lastHeight = -1;
  while (Date.now() - begin < timeLimitMs) {
    const state = await page.evaluate<{ bottom: boolean; height: number }>(SCROLL_STEP);
    steps++;
    await page.waitForTimeout(30);
    while (inFlight > 0 && Date.now() - begin < timeLimitMs) await page.waitForTimeout(10);
    // The bottom, with nothing more coming: the list neither grew nor asked for another page.
    if (state.bottom && state.height === lastHeight && inFlight === 0) {
      reachedBottom = true;
      break;
    }
    lastHeight = state.height;
  }
  const seconds = (Date.now() - begin) / 1000;
  const probe = await page.evaluate<{ frames: number; dropped: number; longTasks: number[] }>(PROBE_STOP);
  page.off('request', started);
  page.off('requestfinished', finished);
  page.off('requestfailed', finished);
  return {
    reachedBottom,
    steps,
    seconds,
    frames: probe.frames,
    droppedFrames: probe.dropped,
    longTasks: probe.longTasks.length,
    longTaskMs: probe.longTasks.reduce((sum, duration) => sum + duration, 0),
    pageFetches,
  };
};
