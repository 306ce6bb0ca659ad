import type { PlatformOrderStatuses } from '../../../domain/catalog/platforms';

/**
 * BigCommerce's order statuses by status_id (GET /v2/order_statuses: 0 Incomplete … 14 Partially Refunded),
 * each as the word Cutover uses for it (its name in snake case).
 */
export const statusIds: Readonly<Record<string, number>> = {
  incomplete: 0, pending: 1, shipped: 2, partially_shipped: 3, refunded: 4, cancelled: 5, declined: 6, awaiting_payment: 7,
  awaiting_pickup: 8, awaiting_shipment: 9, completed: 10, awaiting_fulfillment: 11, manual_verification_required: 12, disputed: 13, partially_refunded: 14,
};

export function statusWord(statusId: number): string | null {
  return Object.entries(statusIds).find(([, id]) => id === statusId)?.[0] ?? null;
}

export const bigcommerceOrderStatuses: PlatformOrderStatuses = {
  vocabulary: Object.keys(statusIds),
  toCanonical: {
    incomplete: 'pending', pending: 'pending', awaiting_payment: 'on_hold', manual_verification_required: 'on_hold', disputed: 'on_hold',
    awaiting_fulfillment: 'processing', awaiting_shipment: 'processing', awaiting_pickup: 'processing', partially_shipped: 'processing', partially_refunded: 'processing',
    shipped: 'completed', completed: 'completed', cancelled: 'cancelled', refunded: 'refunded', declined: 'failed',
  },
  fromCanonical: {
    pending: 'pending', on_hold: 'awaiting_payment', processing: 'awaiting_fulfillment', completed: 'completed',
    cancelled: 'cancelled', refunded: 'refunded', failed: 'declined',
  },
};

/** What the status says of payment (BigCommerce: statuses other than these are "paid"; Refunded is neither). */
export function financialStatusOf(word: string): 'pending' | 'paid' | 'refunded' | 'partially_refunded' | 'voided' {
  switch (word) {
    case 'incomplete': case 'pending': case 'awaiting_payment': case 'manual_verification_required': return 'pending';
    case 'refunded': return 'refunded';
    case 'partially_refunded': return 'partially_refunded';
    case 'cancelled': case 'declined': return 'voided';
    default: return 'paid';
  }
}
