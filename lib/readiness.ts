/** Readiness: whether a service's own resources (its tables, its queues, what it sends as) answer. */
type ReadinessCheck = { name: string; ok: boolean; reason?: string };
export type Readiness = { ready: boolean; checks: ReadinessCheck[] };

/**
 * What a probe found: true when ready; false, or `{ reason }` when it can say why not. The route is
 * public, so a reason is written by the probe for anyone to read, never an error's own message.
 */
type ProbeAnswer = boolean | { reason: string };

/** One resource to ask; any failure to answer counts as "not ready", never as a crash. */
export type ReadinessProbe = { name: string; ask: () => Promise<ProbeAnswer> };

export async function checkReadiness(probes: readonly ReadinessProbe[]): Promise<Readiness> {
  const checks = await Promise.all(
    probes.map(async ({ name, ask }): Promise<ReadinessCheck> => {
      const answer = await ask().catch(() => false);
      return typeof answer === 'boolean' ? { name, ok: answer } : { name, ok: false, reason: answer.reason };
    }),
  );
  return { ready: checks.every((check) => check.ok), checks };
}
