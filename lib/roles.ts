/** The roles a user can have, defined once: the users service grants them, the gateway checks them. */
export const ROLES = ['customer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
