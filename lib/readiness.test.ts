import { checkReadiness } from './readiness.ts';

describe('readiness', () => {
  it('is ready when every probe answers yes', async () => {
    const readiness = await checkReadiness([
      { name: 'table t', ask: async () => true },
      { name: 'queue q', ask: async () => true },
    ]);

    expect(readiness).toEqual({ ready: true, checks: [{ name: 'table t', ok: true }, { name: 'queue q', ok: true }] });
  });

  it('is not ready, and says which, when a probe answers no or fails to answer at all', async () => {
    const readiness = await checkReadiness([
      { name: 'table t', ask: async () => true },
      { name: 'table u', ask: async () => false },
      { name: 'queue q', ask: () => Promise.reject(new Error('connection refused')) },
    ]);

    expect(readiness.ready).toBe(false);
    expect(readiness.checks.filter((check) => !check.ok).map((check) => check.name)).toEqual(['table u', 'queue q']);
  });
});
