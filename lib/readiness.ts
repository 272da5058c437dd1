/** Readiness: whether a service's own resources (its table, its queues) answer. */
export type ReadinessCheck = { name: string; ok: boolean };
export type Readiness = { ready: boolean; checks: ReadinessCheck[] };

export interface ReadinessProbe {
  check(): Promise<ReadinessCheck[]>;
}

export async function checkReadiness(probe: ReadinessProbe): Promise<Readiness> {
  const checks = await probe.check();
  return { ready: checks.every((check) => check.ok), checks };
}
