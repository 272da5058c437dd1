import type { QueueDepths, QueueGauge, ServiceDirectory } from '../ports.ts';

export type ListQueuesDeps = { directory: ServiceDirectory; gauge: QueueGauge };

export type QueueStatus = { service: string; name: string } & QueueDepths;

/** Every queue the stage's services publish, with its depth and its DLQ's (all asked at once), by service and name. */
export async function listQueues({ directory, gauge }: ListQueuesDeps): Promise<QueueStatus[]> {
  const services = await directory.services();
  return Promise.all(services.flatMap((service) => service.queues.map(async (queue) => ({ service: service.name, name: queue.name, ...(await gauge.depths(queue.url)) }))));
}
