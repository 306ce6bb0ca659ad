import type { Order } from '../../../domain/catalog/entities';
import type { PlatformOrderStatuses } from '../../../domain/catalog/platforms';

/**
 * Tiendanube keeps three statuses per order (status open/closed/cancelled, payment_status, shipping_status);
 * Cutover reads them as one word, cancellation first, then the payment's end states, then closing and
 * shipping, then the payment.
 */
export const tiendanubeOrderStatuses: PlatformOrderStatuses = {
  vocabulary: ['pending', 'authorized', 'paid', 'fulfilled', 'closed', 'refunded', 'voided', 'abandoned', 'cancelled'],
  toCanonical: {
    pending: 'pending', authorized: 'on_hold', paid: 'processing', fulfilled: 'completed', closed: 'completed',
    refunded: 'refunded', voided: 'cancelled', abandoned: 'failed', cancelled: 'cancelled',
  },
  fromCanonical: {
    pending: 'pending', on_hold: 'authorized', processing: 'paid', completed: 'fulfilled',
    cancelled: 'cancelled', refunded: 'refunded', failed: 'abandoned',
  },
};

export function sourceStatusOf(o: { status: string; payment_status: string; shipping_status: string }): string {
  if (o.status === 'cancelled') return 'cancelled';
  if (['refunded', 'voided', 'abandoned'].includes(o.payment_status)) return o.payment_status;
  if (o.status === 'closed') return 'closed';
  if (o.shipping_status === 'fulfilled' || o.shipping_status === 'shipped') return 'fulfilled';
  return ['pending', 'authorized', 'paid'].includes(o.payment_status) ? o.payment_status : 'pending';
}

export function financialStatusOf(payment: string): Order['financialStatus'] {
  switch (payment) {
    case 'authorized': case 'paid': case 'refunded': case 'voided': return payment;
    // An abandoned payment never came: nothing was paid.
    default: return 'pending';
  }
}

/** What Tiendanube's order-creation call takes for a status word, the order's own statuses filling in the rest. */
export interface TiendanubeStatusWrite {
  status: 'open' | 'closed' | 'cancelled';
  payment_status: 'pending' | 'authorized' | 'paid' | 'voided' | 'refunded' | 'abandoned';
  fulfilled: boolean;
}

export function statusWriteOf(word: string, order: Order): TiendanubeStatusWrite {
  const ownPayment = ((): TiendanubeStatusWrite['payment_status'] => {
    switch (order.financialStatus) {
      case 'authorized': case 'paid': case 'refunded': case 'voided': return order.financialStatus;
      case 'partially_paid': return 'authorized';
      case 'partially_refunded': return 'paid';
      default: return 'pending';
    }
  })();
  const shipped = order.fulfillmentStatus === 'fulfilled';
  switch (word) {
    case 'pending': case 'authorized': case 'paid': return { status: 'open', payment_status: word, fulfilled: shipped };
    case 'fulfilled': return { status: 'open', payment_status: ownPayment === 'pending' ? 'paid' : ownPayment, fulfilled: true };
    case 'closed': return { status: 'closed', payment_status: ownPayment === 'pending' ? 'paid' : ownPayment, fulfilled: true };
    case 'refunded': case 'voided': case 'abandoned': return { status: 'open', payment_status: word, fulfilled: shipped };
    case 'cancelled': return { status: 'cancelled', payment_status: ownPayment, fulfilled: shipped };
    default: throw new Error(`"${word}" is not a Tiendanube order status (known: ${tiendanubeOrderStatuses.vocabulary.join(', ')})`);
  }
}
