export { createShopClient, DEAD_LETTER_SERVICES, FINAL_STATES } from './shop-client';
export type { DeadLetterService, LatestOrdersState, OrderItem, Page, PageQuery, Precondition, ProductChanges, ProductDraft, Session, ShopClient, ShopClientOptions } from './shop-client';
export { ProblemError, type FieldError } from './problem-error';
export type { NotificationView, Order, Problem, Product, User } from './generated/types.gen';
