import type { WooError } from './errors';
import type { Body } from './input';
import type { SimulatorState } from './state';

export interface Ctx {
  state: SimulatorState;
  /** The store's URL as WooCommerce knows it (the "home URL"): links and OAuth base strings use it. */
  baseUrl: string;
}

export type DeleteOutcome = 'deleted' | 'trashed';

/**
 * One REST collection of the simulated store: what differs between products, categories, customers and
 * orders. Listing, paging, batches and the HTTP status codes are shared (collection.ts).
 */
export interface Resource<R extends { id: number }> {
  invalidId(): WooError;
  /** The records this route lists; `parentId` is the product of a variations route. */
  all(ctx: Ctx, parentId: number | null): R[];
  /**
   * The records a list request's keyed filter (sku, slug, email, include) narrows to, from the store's indexes,
   * as WooCommerce answers them from indexed columns; null when the request has no such filter. `matches` is
   * still applied to them.
   */
  candidates?(ctx: Ctx, parentId: number | null, params: URLSearchParams): R[] | null;
  /** Any one record of the route, read without listing the route. */
  any?(ctx: Ctx, parentId: number | null): R | undefined;
  /** One record of this route by id, read directly (a primary-key read); undefined when it is not on the route. */
  one?(ctx: Ctx, parentId: number | null, id: number): R | undefined;
  create(ctx: Ctx, body: Body, parentId: number | null): R;
  update(ctx: Ctx, record: R, body: Body): R;
  /** Deletes or trashes; throws the resource's error when trashing is not supported or already done. */
  remove(ctx: Ctx, record: R, force: boolean): DeleteOutcome;
  serialize(ctx: Ctx, record: R): Body;
  /** Applies the collection's documented filters (`sku`, `email`, `modified_after`...). */
  matches(ctx: Ctx, record: R, params: URLSearchParams): boolean;
  /** The sort key for an `orderby` value, or undefined when the route does not accept it. */
  sortKey(ctx: Ctx, record: R, orderby: string): string | number | undefined;
  defaultOrderBy: string;
  defaultOrder: 'asc' | 'desc';
}
