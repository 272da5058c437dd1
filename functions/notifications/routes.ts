/** The notifications service's HTTP routes as the OpenAPI document describes them (scripts/openapi/). */
import { deadLetterApiRoutes, pageOf, readinessResponses, type ApiRoute } from '../../lib/http/api-route.ts';
import { ListNotificationsRequest, NotificationView } from './handlers/list-notifications.schema.ts';

export const notificationsRoutes: readonly ApiRoute[] = [
  {
    operationId: 'notificationsHealth',
    method: 'GET',
    path: '/notifications/health',
    summary: "The notifications service's readiness",
    request: {},
    responses: readinessResponses,
  },
  {
    operationId: 'listNotifications',
    method: 'GET',
    path: '/notifications',
    summary: "The caller's notifications, newest first",
    description: 'What the shop told the caller about how each order ended.',
    auth: 'signedIn',
    request: { query: ListNotificationsRequest.query },
    responses: { 200: { description: 'A page of notifications.', body: pageOf(NotificationView) } },
  },
  ...deadLetterApiRoutes('notifications', 'order events'),
];
