import { checkDependency } from './dependency-check';

describe('checkDependency', () => {
  it('reports ok with a latency when the probe answers', async () => {
    const health = await checkDependency(() => Promise.resolve('PONG'), 1000);
    expect(health.status).toBe('ok');
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('reports down with the reason when the probe fails', async () => {
    expect(await checkDependency(() => Promise.reject(new Error('ECONNREFUSED')), 1000)).toEqual({
      status: 'down',
      error: 'ECONNREFUSED',
    });
  });

  it('reports down instead of hanging when the probe never answers', async () => {
    const started = Date.now();
    expect(await checkDependency(() => new Promise(() => undefined), 50)).toEqual({
      status: 'down',
      error: 'timeout',
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
