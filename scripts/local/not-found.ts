import { NotFoundError } from '../../lib/errors.ts';
import { httpHandler } from '../../lib/http/http-handler.ts';

/**
 * Under npm start, what no route serves: a short problem+json 404 in place of serverless-offline's own
 * answer, which lists every route. On AWS the HTTP API answers these itself (`{"message":"Not Found"}`).
 */
export const handler = httpHandler({}, async () => {
  throw new NotFoundError('No route serves this method and path.');
});
