import { describeIdempotentRequestsContract } from './idempotent-requests.contract.ts';
import { InMemoryIdempotentRequests, InMemoryOrders } from './in-memory.ts';
import { describeOrderRepositoryContract } from './order-repository.contract.ts';

describeOrderRepositoryContract('the in-memory order repository', () => new InMemoryOrders());
describeIdempotentRequestsContract('the in-memory idempotent requests', () => new InMemoryIdempotentRequests());
