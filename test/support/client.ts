import { randomUUID } from 'node:crypto';
import { createShopClient, ProblemError, type Session, type ShopClient, type User } from '@shop/client';
import { DynamoDbUserRepository } from '../../functions/users/adapters/dynamodb-user-repository.ts';
import { promoteToAdmin } from '../../functions/users/use-cases/promote-to-admin.ts';
import { apiUrl } from './api.ts';
import { aPassword } from './auth.ts';
import { documents, resourceName } from './aws.ts';
import { documentedFetch } from './openapi-check.ts';

/** The client (client/) on the stack under test, every answer it gets checked against the OpenAPI document. */
export const shopClient = (session?: Session): ShopClient =>
  createShopClient({ baseUrl: apiUrl(''), fetch: documentedFetch, ...(session === undefined ? {} : { session }) });

export type Customer = { shop: ShopClient; user: User; email: string; password: string };

export const freshEmail = (): string => `user-${randomUUID()}@example.com`;

/** A new account, signed up and signed in through the client. */
export async function aCustomer(name = 'Tester'): Promise<Customer> {
  const shop = shopClient();
  const email = freshEmail();
  const user = await shop.signUp({ email, password: aPassword, name });
  return { shop, user, email, password: aPassword };
}

/** A new admin, made the way `npm run admin:promote` makes one (there is no HTTP path to it), signed in again to carry the role. */
export async function anAdmin(): Promise<ShopClient> {
  const { shop, email, password } = await aCustomer('Admin');
  await promoteToAdmin({ users: new DynamoDbUserRepository(documents, resourceName('users')), clock: { now: () => new Date() } }, email);
  await shop.signIn({ email, password });
  return shop;
}

/** The API's refusal of a call, as the client throws it (a ProblemError); fails if the call succeeds. */
export const refusal = (call: Promise<unknown>): Promise<ProblemError> =>
  call.then(
    () => {
      throw new Error('expected the API to refuse');
    },
    (error: unknown) => {
      if (!(error instanceof ProblemError)) throw error;
      return error;
    },
  );
