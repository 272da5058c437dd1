/**
 * Discovery by name: where another service's HTTP API and queues are, as the owner publishes them in
 * SSM under /shop/<stage>/<service>/ (on AWS by its stack, locally by the local stack). No function
 * holds a host or a queue URL of another service in its code or environment.
 */
export interface ServiceRegistry {
  /** The base URL of the service's HTTP API (`/shop/<stage>/<service>/url`), without a trailing slash. */
  baseUrl(service: string): Promise<string>;
  /** The URL of one of the service's queues (`/shop/<stage>/<service>/queues/<queue>/url`). */
  queueUrl(service: string, queue: string): Promise<string>;
}

/** The SSM path under which a service publishes itself. */
export const registryPath = (stage: string, service: string): string => `/shop/${stage}/${service}`;
