import type { Role } from '../../lib/roles.ts';

/** What a valid access token says about its bearer (the handlers' `Caller`, lib/http/caller.ts). */
export type Bearer = Readonly<{ userId: string; email: string; role: Role; sessionId: string }>;

/** Checks access tokens with the public keys the users service publishes. */
export interface AccessTokenVerifier {
  /** Who the bearer is, for a token the users service signed that is valid at `now`; otherwise UnauthorizedError. */
  verify(token: string, now: Date): Promise<Bearer>;
}

export type { Clock } from '../../lib/clock.ts';

export type { PublishedService, ServiceDirectory } from '../../lib/registry.ts';

/** Whether a service's readiness route answers, and says it is ready, in good time. */
export interface HealthCheck {
  /** True for a 2xx answer within the check's timeout; anything else (an error, no answer, too late) is false. */
  isReady(url: string): Promise<boolean>;
}

/** How many messages a queue holds: waiting to be received, and received but not yet deleted. */
type Depth = { visible: number; inFlight: number };

/** A queue's depth, with its dead-letter queue's (named by the queue's redrive policy). */
export type QueueDepths = Depth & { deadLetter: (Depth & { name: string }) | null };

/** Reads queues' depths: settings and counts only, never a message. */
export interface QueueGauge {
  /** The depths of the queue at `url` and of its DLQ (null when it has none). */
  depths(url: string): Promise<QueueDepths>;
}
