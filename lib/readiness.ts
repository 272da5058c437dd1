/** Readiness: whether a service's own resources (its tables, its queues) answer. */
type ReadinessCheck = { name: string; ok: boolean };
export type Readiness = { ready: boolean; checks: ReadinessCheck[] };

/** One resource to ask; any failure to answer counts as "not ready", never as a crash. */
export type ReadinessProbe = { name: string; ask: () => Promise<boolean> };

export async function checkReadiness(probes: readonly ReadinessProbe[]): Promise<Readiness> {
  const checks = await Promise.all(
    probes.map(async ({ name, ask }) => ({ name, ok: await ask().catch(() => false) })),
  );
  return { ready: checks.every((check) => check.ok), checks };
}
