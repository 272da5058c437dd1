import { fakeDeps } from './in-memory.ts';
import { describeLoginAttemptsContract } from './login-attempts.contract.ts';
import { describeSessionStoreContract } from './session-store.contract.ts';
import { describeUserRepositoryContract } from './user-repository.contract.ts';

describeUserRepositoryContract('the in-memory user repository', () => fakeDeps().users);

describeSessionStoreContract('the in-memory session store', () => fakeDeps().sessions);

describeLoginAttemptsContract('the in-memory login attempts', () => fakeDeps().attempts);
