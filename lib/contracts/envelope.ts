import { randomUUID } from 'node:crypto';
import * as z from '../zod.ts';
import { acceptCorrelationId, currentCorrelationId } from '../correlation.ts';
import { canonicalUuid } from '../ids.ts';

// The fields every contract shares, built once (each schema built costs a cold start a little).
const messageId = canonicalUuid();
const occurredAt = z.iso.datetime();
const correlationId = z.string().check(z.minLength(1), z.maxLength(128));

/**
 * Every message between services is this envelope: who it is (messageId), what it is (type, version),
 * when it happened (occurredAt), which request it belongs to (correlationId), and its data.
 */
export function messageContract<T extends string, V extends number, D extends z.ZodMiniType>(type: T, version: V, data: D) {
  const schema = z.strictObject({ messageId, type: z.literal(type), version: z.literal(version), occurredAt, correlationId, data });
  // The contract names its type and version, so a sender can stamp a message with the version it is sent as.
  return Object.assign(schema, { messageType: type, messageVersion: version });
}

export type Message = {
  messageId: string;
  type: string;
  version: number;
  occurredAt: string;
  correlationId: string;
  data: unknown;
};

/** A new message of the current request or record: same correlation id, fresh message id. */
export function newMessage<T extends string, V extends number, D>(type: T, version: V, data: D, now: Date) {
  return {
    messageId: randomUUID(),
    type,
    version,
    occurredAt: now.toISOString(),
    correlationId: acceptCorrelationId(currentCorrelationId()),
    data,
  };
}
