import type { Channel, Milestone, OrderSnapshot } from './events';

export interface AlertContent {
  subject: string;
  text: string;
  /** Where the shopper lands: the tracking redirect for dispatch, else null. */
  url: string | null;
}

/** The words of each milestone alert; the same facts on every channel, shorter for SMS and push. */
export function alertContent(milestone: Milestone, order: OrderSnapshot, storeName: string, channel: Channel, trackingLink: string | null): AlertContent {
  const hello = order.shopperName ? `${order.shopperName.split(' ')[0]}, ` : '';
  const ref = `order #${order.number}`;
  switch (milestone) {
    case 'payment':
      return { subject: `${storeName}: payment approved for ${ref}`, text: `${hello}we received the payment for your ${ref}. Thank you!`, url: null };
    case 'processing':
      return { subject: `${storeName}: we are preparing ${ref}`, text: `${hello}your ${ref} is being prepared.`, url: null };
    case 'dispatch': {
      const tracking = order.trackingCode ? ` Tracking code: ${order.trackingCode}${order.carrier ? ` (${order.carrier})` : ''}.` : '';
      const link = trackingLink ? (channel === 'sms' ? ` ${trackingLink}` : ` Follow it: ${trackingLink}`) : '';
      return { subject: `${storeName}: ${ref} is on its way`, text: `${hello}your ${ref} has been dispatched.${tracking}${link}`, url: trackingLink };
    }
  }
}
