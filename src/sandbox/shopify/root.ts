import { collectionCreate, collectionDelete, collectionUpdate } from './collection-mutations';
import { customerConsentUpdate, customerCreate, customerDelete, customerUpdate } from './customer-mutations';
import { fulfillmentCreate, fulfillmentTrackingInfoUpdate, orderCancel, orderClose, orderCreate, orderDelete, orderMarkAsPaid, orderUpdate } from './order-mutations';
import { collectionAddProducts, productDelete, productSet } from './product-mutations';
import { queryRoot } from './queries';
import type { ShopStore } from './store';
import { webhookSubscriptionCreate, webhookSubscriptionDelete, webhookSubscriptionsQuery } from './webhook-subscriptions';

type Mutation<A> = (store: ShopStore, args: A) => unknown;

function bind<A>(store: ShopStore, mutation: Mutation<A>): (args: A) => unknown {
  return (args) => mutation(store, args);
}

/** The root value graphql-js executes against: every Query and Mutation field of the schema. */
export function rootValue(store: ShopStore): Record<string, unknown> {
  return {
    ...queryRoot(store),
    productSet: bind(store, productSet),
    productDelete: bind(store, productDelete),
    collectionCreate: bind(store, collectionCreate),
    collectionUpdate: bind(store, collectionUpdate),
    collectionAddProducts: bind(store, collectionAddProducts),
    collectionDelete: bind(store, collectionDelete),
    customerCreate: bind(store, customerCreate),
    customerUpdate: bind(store, customerUpdate),
    customerEmailMarketingConsentUpdate: bind(store, customerConsentUpdate('email')),
    customerSmsMarketingConsentUpdate: bind(store, customerConsentUpdate('sms')),
    customerDelete: bind(store, customerDelete),
    orderCreate: bind(store, orderCreate),
    orderUpdate: bind(store, orderUpdate),
    orderDelete: bind(store, orderDelete),
    orderCancel: bind(store, orderCancel),
    orderMarkAsPaid: bind(store, orderMarkAsPaid),
    orderClose: bind(store, orderClose),
    fulfillmentCreate: bind(store, fulfillmentCreate),
    fulfillmentTrackingInfoUpdate: bind(store, fulfillmentTrackingInfoUpdate),
    webhookSubscriptions: webhookSubscriptionsQuery(store),
    webhookSubscriptionCreate: bind(store, webhookSubscriptionCreate),
    webhookSubscriptionDelete: bind(store, webhookSubscriptionDelete),
  };
}
