import type { HealthCheck, PublishedService, ServiceDirectory } from '../ports.ts';

export type ListServicesDeps = { directory: ServiceDirectory; health: HealthCheck };

export type ServiceStatus = {
  name: string;
  version: string | null;
  /** Its base URL, or null when it publishes none. */
  url: string | null;
  queues: PublishedService['queues'];
  /** The readiness route that was asked, or null when the service publishes none (or no URL). */
  health: string | null;
  /** Its readiness route answered 2xx in time; a service without one cannot say it is ready. */
  ready: boolean;
};

/** Every service the stage publishes, with whether it is ready now (all asked at once). */
export async function listServices({ directory, health }: ListServicesDeps): Promise<ServiceStatus[]> {
  const services = await directory.services();
  return Promise.all(
    services.map(async (service) => {
      const healthUrl = service.baseUrl === undefined || service.healthPath === undefined ? undefined : `${service.baseUrl}${service.healthPath}`;
      return {
        name: service.name,
        version: service.version ?? null,
        url: service.baseUrl ?? null,
        queues: service.queues,
        health: healthUrl ?? null,
        ready: healthUrl === undefined ? false : await health.isReady(healthUrl),
      };
    }),
  );
}
