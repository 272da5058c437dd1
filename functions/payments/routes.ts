/** The payments service's HTTP routes as the OpenAPI document describes them (scripts/openapi/). */
import { breakersApiRoute, deadLetterApiRoutes, readinessResponses, type ApiRoute } from '../../lib/http/api-route.ts';

export const paymentsRoutes: readonly ApiRoute[] = [
  {
    operationId: 'paymentsHealth',
    method: 'GET',
    path: '/payments/health',
    summary: "The payments service's readiness",
    request: {},
    responses: readinessResponses,
  },
  breakersApiRoute('payments', 'the payment provider'),
  ...deadLetterApiRoutes('payments', 'commands'),
];
