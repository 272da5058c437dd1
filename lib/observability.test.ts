import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type * as observability from './observability.ts';

type Observability = typeof observability;

/** lib/observability.ts as a function would load it, with `env` as its environment. */
function loadedWith(env: Record<string, string>): Observability {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    let loaded: Observability | undefined;
    jest.isolateModules(() => {
      loaded = jest.requireActual<Observability>('./observability.ts');
    });
    return loaded as Observability;
  } finally {
    process.env = saved;
  }
}

const xRayMiddleware = (client: DynamoDBClient) => client.middlewareStack.identify().filter((name) => name.startsWith('XRay'));

describe('tracing', () => {
  it('stays off outside Lambda, as under serverless offline, and leaves the SDK clients as they are', () => {
    const { tracer, traced } = loadedWith({});
    expect(process.env.AWS_EXECUTION_ENV).toBeUndefined();
    expect(tracer.isTracingEnabled()).toBe(false);
    expect(xRayMiddleware(traced(new DynamoDBClient({ region: 'eu-west-1' })))).toEqual([]);
  });

  it('is on where Lambda runs the function, and traces every call of a client made with traced()', () => {
    const { tracer, traced } = loadedWith({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' });
    expect(tracer.isTracingEnabled()).toBe(true);
    expect(xRayMiddleware(traced(new DynamoDBClient({ region: 'eu-west-1' })))).not.toEqual([]);
  });
});
