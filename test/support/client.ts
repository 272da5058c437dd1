import { createShopClient, ProblemError, type Session, type ShopClient, type User } from '@shop/client';
import { apiUrl } from './api.ts';
import { aPassword, freshEmail, promote } from './auth.ts';
import { documentedFetch } from './openapi-check.ts';

/** The client (client/) on the stack under test, every answer it gets checked against the OpenAPI document. */
export const shopClient = (session?: Session): ShopClient =>
  createShopClient({ baseUrl: apiUrl(''), fetch: documentedFetch, ...(session === undefined ? {} : { session }) });

export type Customer = { shop: ShopClient; user: User; email: string; password: string };

/** A new account, signed up and signed in through the client. */
export async function aCustomer(name = 'Tester'): Promise<Customer> {
  const shop = shopClient();
  const email = freshEmail();
  const user = await shop.signUp({ email, password: aPassword, name });
  return { shop, user, email, password: aPassword };
}

/** A new admin, signed in again after the promotion to carry the role. */
export async function anAdmin(): Promise<ShopClient> {
  const { shop, email, password } = await aCustomer('Admin');
  await promote(email);
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
