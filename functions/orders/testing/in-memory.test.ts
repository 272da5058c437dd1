import { InMemoryOrders } from './in-memory.ts';
import { describeOrderRepositoryContract } from './order-repository.contract.ts';

describeOrderRepositoryContract('the in-memory order repository', () => new InMemoryOrders());
