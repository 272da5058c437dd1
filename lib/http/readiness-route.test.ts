import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { readinessRoute } from './readiness-route.ts';

const context = { functionName: 'health', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 5000 } as unknown as Context;
const event = {
  version: '2.0',
  routeKey: 'GET /things/health',
  rawPath: '/things/health',
  rawQueryString: '',
  headers: {},
  requestContext: { http: { method: 'GET', sourceIp: '203.0.113.7' } },
  isBase64Encoded: false,
} as unknown as APIGatewayProxyEventV2;

const answer = async (route: ReturnType<typeof readinessRoute>) => {
  const response = await route(event, context);
  return { status: response.statusCode, body: JSON.parse(String(response.body)) as unknown };
};

describe('a readiness route', () => {
  it('answers 200 with its checks when every probe is ready', async () => {
    expect(await answer(readinessRoute([{ name: 'table t', ask: async () => true }]))).toEqual({
      status: 200,
      body: { ready: true, checks: [{ name: 'table t', ok: true }] },
    });
  });

  it('answers 503, with the reason a probe gives, when one is not ready', async () => {
    const route = readinessRoute([
      { name: 'table t', ask: async () => true },
      { name: 'sender shop@example.com', ask: async () => ({ reason: 'SES has not verified shop@example.com' }) },
    ]);

    expect(await answer(route)).toEqual({
      status: 503,
      body: {
        ready: false,
        checks: [
          { name: 'table t', ok: true },
          { name: 'sender shop@example.com', ok: false, reason: 'SES has not verified shop@example.com' },
        ],
      },
    });
  });
});
