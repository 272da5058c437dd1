import { ManualClock } from '../../../lib/testing/manual-clock.ts';
import { describeCallerLimitsContract } from './caller-limits.contract.ts';
import { describeIdempotentRequestsContract } from './idempotent-requests.contract.ts';
import { InMemoryCallerLimits, InMemoryIdempotentRequests, InMemoryOrders } from './in-memory.ts';
import { describeOrderRepositoryContract } from './order-repository.contract.ts';

describeOrderRepositoryContract('the in-memory order repository', () => new InMemoryOrders());
describeIdempotentRequestsContract('the in-memory idempotent requests', () => new InMemoryIdempotentRequests());
describeCallerLimitsContract('the in-memory caller limits', (clock) => new InMemoryCallerLimits(clock, 3), () => new ManualClock('2026-12-01T10:00:20.000Z'));
