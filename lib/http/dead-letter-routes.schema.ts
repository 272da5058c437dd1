import * as z from '../zod.ts';

/** GET /admin/<service>/dead-letters?limit= : how many messages to show, 1 to 50: a page to read (`npm run dlq -- show` reads more). */
export const deadLettersQuery = z.strictObject({
  limit: z._default(z.pipe(z.string().check(z.regex(/^([1-9]|[1-4][0-9]|50)$/, 'must be a whole number from 1 to 50')), z.transform(Number)), 10),
});

export const DeadLetter = z.object({
  messageId: z.string(),
  body: z.string().check(z.meta({ description: 'The message as it was sent (the envelope of lib/messaging, as JSON, or whatever a poison message held).' })),
  attributes: z.record(z.string(), z.string()),
  sentAt: z.nullable(z.string().check(z.meta({ description: 'When it was first sent to the source queue.' }))),
  receiveCount: z.int().check(z.meta({ description: 'How many times it was received, this look included.' })),
});

const NotMoved = z.array(z.object({ messageId: z.string(), reason: z.string() }));

export const RedriveResult = z.object({
  moved: z.int(),
  notSent: NotMoved.check(z.meta({ description: 'Not sent: still in the DLQ, visible again within a minute.' })),
  notDeleted: NotMoved.check(z.meta({ description: 'Sent, but still in the DLQ too: the next redrive sends them again.' })),
});
