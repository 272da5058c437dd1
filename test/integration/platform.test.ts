import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { api, apiUrl } from '../support/api.ts';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { queueUrl, resourceName, sqs } from '../support/aws.ts';
import { createProduct } from '../support/catalog.ts';

const RUN_DIR = resolve(__dirname, '../../.local/run');

/** The environment of the serverless offline process serving `api`, which in-process functions run with. */
function offlineEnvironmentOf(api: string): string {
  const port = new URL(api).port;
  for (const file of readdirSync(RUN_DIR).filter((name) => name.endsWith('.json'))) {
    const { groups } = JSON.parse(readFileSync(join(RUN_DIR, file), 'utf8')) as { groups: Array<{ pid: number; name: string }> };
    for (const { pid, name } of groups) {
      if (name !== 'serverless offline') continue;
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args[args.indexOf('--httpPort') + 1] === port) return readFileSync(`/proc/${pid}/environ`, 'utf8');
    }
  }
  throw new Error(`No serverless offline process of this run serves ${api}.`);
}

/** Connections a developer's load test or a page of parallel fetches opens at once. */
const CONCURRENT = 50;

describe('the local platform', () => {
  it('answers liveness at the gateway without I/O', async () => {
    const response = await api('GET', '/health');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('keeps the private signing key out of the functions\' environment: it is in the local SSM only', () => {
    const environment = offlineEnvironmentOf(String(process.env.SHOP_API_URL));
    const { d } = JSON.parse(String(process.env.SIGNING_KEY_JWK)) as { d: string };

    expect(environment).toContain('AWS_ENDPOINT_URL_SSM=');
    expect(environment).not.toContain('SIGNING_KEY_JWK');
    expect(environment).not.toContain(d);
  });

  it('returns the caller\'s correlation id, or makes one', async () => {
    const given = await api('GET', '/health', { headers: { 'x-correlation-id': 'trace-me-123' } });
    const made = await api('GET', '/health');

    expect(given.headers.get('x-correlation-id')).toBe('trace-me-123');
    expect(made.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('creates every queue of serverless.yml with its DLQ and redrive policy', async () => {
    const source = await queueUrl(resourceName('catalog-stock-commands'));
    const dlq = await queueUrl(resourceName('catalog-stock-commands-dlq'));

    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: source, AttributeNames: ['All'] }));
    const { Attributes: dlqAttributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }),
    );

    expect(JSON.parse(String(Attributes.RedrivePolicy))).toEqual({
      deadLetterTargetArn: dlqAttributes.QueueArn,
      maxReceiveCount: 3,
    });
    expect(Attributes.VisibilityTimeout).toBe('2');
  });

  it(`answers ${CONCURRENT} concurrent requests through the gateway, every one, within a few seconds`, async () => {
    const product = await createProduct();
    const started = Date.now();

    // Each on a connection of its own (fetch opens one per request in flight), the whole answer read.
    const statuses = await Promise.all(
      Array.from({ length: CONCURRENT }, async () => {
        const response = await fetch(apiUrl(`/products/${product.id}`), { signal: AbortSignal.timeout(10_000) });
        await response.text();
        return response.status;
      }),
    );
    const elapsedMs = Date.now() - started;

    expect(statuses).toEqual(Array.from({ length: CONCURRENT }, () => 200));
    expect(elapsedMs).toBeLessThan(3_000);
  });

  it.each([
    ['GET', '/no-such-route'],
    ['POST', '/products/not/a/route'],
    ['DELETE', '/health'],
  ])('answers %s %s, which no route serves, with a short problem+json 404 that lists no routes', async (method, path) => {
    const response = await api(method, path);

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ type: 'urn:shop:problem:not-found', status: 404 });
    expect(response.text).not.toMatch(/existingRoutes|invocations|\/products\/\{id\}/);
  });

  it("prints no Lambda-invoke route on the HTTP port in its start banner, where it would only answer 404, and no Node warning about SQLite", () => {
    const log = readFileSync(String(process.env.SHOP_STACK_LOG), 'utf8');
    const httpPort = new URL(String(process.env.SHOP_API_URL)).port;

    expect(log).toMatch(new RegExp(`^ *GET +\\| http://127\\.0\\.0\\.1:${httpPort}/products/\\{id\\}$`, 'm'));
    expect(log).not.toContain(`127.0.0.1:${httpPort}/2015-03-31/`);
    // Nor cut across lines, as serverless-offline's box prints a long one: the box is gone.
    expect(log).not.toMatch(/[┌│└]/);
    expect(log).not.toContain('ExperimentalWarning');
  });

  it('reports the catalog ready when its table and queues answer', async () => {
    const response = await api<{ ready: boolean; checks: unknown[] }>('GET', '/catalog/health');

    expect(response.status).toBe(200);
    expect(response.body.ready).toBe(true);
    expect(response.body.checks).toHaveLength(3);
  });
});
