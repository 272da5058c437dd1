export { createShopClient, FINAL_STATES } from './shop-client';
export type { OrderItem, Page, PageQuery, Precondition, ProductChanges, ProductDraft, Session, ShopClient, ShopClientOptions } from './shop-client';
export { ProblemError, type FieldError } from './problem-error';
export type { NotificationView, Order, Problem, Product, User } from './generated/types.gen';
