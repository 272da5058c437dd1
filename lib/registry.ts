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

/** A queue a service publishes for others to send to (`/shop/<stage>/<service>/queues/<queue>/{url,arn}`). */
type PublishedQueue = { name: string; url: string; arn?: string };

/** What a service publishes about itself under `/shop/<stage>/<service>/`. */
export type PublishedService = {
  name: string;
  /** Its base URL (`url`), when it says. */
  baseUrl?: string;
  /** The version it was deployed at (`version`), when it says. */
  version?: string;
  /** The path of its readiness route under the base URL (`health`), when it has one. */
  healthPath?: string;
  queues: PublishedQueue[];
};

/**
 * Every service of the stage, as published: for those that look at the whole system (GET /registry).
 * Apart from ServiceRegistry, which a service uses to find the few others it talks to.
 */
export interface ServiceDirectory {
  /** The services that publish anything of themselves (base URL, version, health route, queues), by name. */
  services(): Promise<PublishedService[]>;
}

/**
 * The services found in the parameters published under `/shop/<stage>/`, named relative to that path
 * (`catalog/url`, `catalog/queues/stock-commands/arn`): each with what it publishes of its URL, version,
 * health route and queues, whichever of them it has. Parameters of other shapes (the gateway's API id,
 * the signing keys) are not part of the directory and are left out.
 */
export function publishedServices(parameters: Readonly<Record<string, string>>): PublishedService[] {
  const byName = new Map<string, { fields: Record<string, string>; queues: Map<string, Partial<PublishedQueue>> }>();
  const entryOf = (service: string) => {
    const entry = byName.get(service) ?? { fields: {}, queues: new Map<string, Partial<PublishedQueue>>() };
    byName.set(service, entry);
    return entry;
  };
  for (const [name, value] of Object.entries(parameters)) {
    const [service, ...rest] = name.replace(/^\//, '').split('/');
    if (service === undefined || service === '') continue;
    if (rest.length === 1 && ['url', 'version', 'health'].includes(String(rest[0]))) entryOf(service).fields[String(rest[0])] = value;
    const [kind, queue, attribute] = rest;
    if (rest.length === 3 && kind === 'queues' && queue !== undefined && (attribute === 'url' || attribute === 'arn')) {
      const queues = entryOf(service).queues;
      queues.set(queue, { ...queues.get(queue), name: queue, [attribute]: value });
    }
  }
  return [...byName.entries()]
    .map(([name, { fields, queues }]) => ({
      name,
      ...(fields.url === undefined ? {} : { baseUrl: fields.url.replace(/\/+$/, '') }),
      ...(fields.version === undefined ? {} : { version: fields.version }),
      ...(fields.health === undefined ? {} : { healthPath: fields.health }),
      queues: [...queues.values()]
        .filter((queue): queue is PublishedQueue => queue.url !== undefined)
        .sort((a, b) => a.name.localeCompare(b.name)),
    }))
    // What publishes only parameters of other shapes (the users' signing keys alone, say) is no service to list.
    .filter(({ baseUrl, version, healthPath, queues }) => [baseUrl, version, healthPath].some((field) => field !== undefined) || queues.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
}
