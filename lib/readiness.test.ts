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

  it("gives the reason a probe states, and never a failure's own message", async () => {
    const readiness = await checkReadiness([
      { name: 'sender s', ask: async () => ({ reason: 's is not verified' }) },
      { name: 'queue q', ask: () => Promise.reject(new Error('arn:aws:sqs:eu-west-1:123456789012:q: access denied')) },
    ]);

    expect(readiness).toEqual({
      ready: false,
      checks: [
        { name: 'sender s', ok: false, reason: 's is not verified' },
        { name: 'queue q', ok: false },
      ],
    });
  });
});
