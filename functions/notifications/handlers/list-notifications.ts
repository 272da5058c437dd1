import { httpHandler } from '../../../lib/http/http-handler.ts';
import { notificationStore } from '../compose.ts';
import { listNotifications } from '../use-cases/list-notifications.ts';
import { ListNotificationsRequest } from './list-notifications.schema.ts';

const deps = { notifications: notificationStore };

export const handler = httpHandler(ListNotificationsRequest, async ({ caller, query }) => ({
  status: 200,
  body: await listNotifications(deps, caller.userId, query),
}));
