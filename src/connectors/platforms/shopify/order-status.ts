import type { Order } from '../../../domain/catalog/entities';

/** Shopify's order-status words (shopifyPlatform.orderStatuses.vocabulary) that are financial statuses. */
const financialWords = ['pending', 'authorized', 'paid', 'partially_paid', 'refunded', 'partially_refunded', 'voided'] as const;

export interface ShopifyOrderStatus {
  financialStatus: Order['financialStatus'];
  fulfillmentStatus: Order['fulfillmentStatus'];
  cancelled: boolean;
}

/**
 * Shopify has no single order status: the mapped word sets the financial status, the fulfilment or the
 * cancellation, and the order's own financial and fulfilment statuses fill in the rest.
 */
export function targetStatus(order: Order, statusMap: Record<string, string>): ShopifyOrderStatus {
  const word = statusMap[order.sourceStatus];
  const financial = financialWords.find((w) => w === word);
  return {
    financialStatus: financial ?? order.financialStatus,
    fulfillmentStatus: word === 'fulfilled' ? 'fulfilled' : word === 'partially_fulfilled' ? 'partial' : order.fulfillmentStatus,
    cancelled: word === 'cancelled',
  };
}

/** The Shopify word for an order as read: cancellation first, then refunds, then fulfilment, then payment. */
export function sourceStatusOf(o: { cancelledAt: string | null; displayFinancialStatus: string | null; displayFulfillmentStatus: string }): string {
  if (o.cancelledAt) return 'cancelled';
  const financial = (o.displayFinancialStatus ?? 'PENDING').toLowerCase();
  if (financial === 'refunded' || financial === 'partially_refunded' || financial === 'voided') return financial;
  if (financial === 'expired') return 'voided';
  if (o.displayFulfillmentStatus === 'FULFILLED') return 'fulfilled';
  if (o.displayFulfillmentStatus === 'PARTIALLY_FULFILLED') return 'partially_fulfilled';
  return financial;
}

export function financialStatusOf(display: string | null): Order['financialStatus'] {
  const word = (display ?? 'PENDING').toLowerCase();
  if (word === 'expired') return 'voided';
  return financialWords.find((w) => w === word) ?? 'pending';
}

export function fulfillmentStatusOf(display: string): Order['fulfillmentStatus'] {
  if (display === 'FULFILLED') return 'fulfilled';
  if (display === 'PARTIALLY_FULFILLED') return 'partial';
  return 'unfulfilled';
}
