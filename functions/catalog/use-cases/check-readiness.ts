import type { ReadinessCheck, ReadinessProbe } from '../ports.ts';

export type Readiness = { ready: boolean; checks: ReadinessCheck[] };

export async function checkReadiness({ probe }: { probe: ReadinessProbe }): Promise<Readiness> {
  const checks = await probe.check();
  return { ready: checks.every((check) => check.ok), checks };
}
