/** The simulator's own records of a shop, shaped after Shopify's resources (not after any caller's model). */

export interface MetafieldRecord { id: number; namespace: string; key: string; type: string; value: string }

export interface ProductOptionRecord { id: number; name: string; position: number; values: string[] }

export interface MediaRecord { id: number; url: string; alt: string | null }

export interface ProductRecord {
  id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  seo: { title: string | null; description: string | null };
  options: ProductOptionRecord[];
  variantIds: number[];
  media: MediaRecord[];
  createdAt: string;
  updatedAt: string;
}

export type WeightUnit = 'GRAMS' | 'KILOGRAMS' | 'OUNCES' | 'POUNDS';

export interface VariantRecord {
  id: number;
  productId: number;
  inventoryItemId: number;
  sku: string | null;
  price: number;
  compareAtPrice: number | null;
  position: number;
  selectedOptions: { name: string; value: string }[];
  inventoryPolicy: 'DENY' | 'CONTINUE';
  tracked: boolean;
  inventoryQuantity: number;
  weight: { value: number; unit: WeightUnit } | null;
  createdAt: string;
  updatedAt: string;
}

export interface CollectionRecord {
  id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  productIds: number[];
  metafields: MetafieldRecord[];
  seo: { title: string | null; description: string | null };
  createdAt: string;
  updatedAt: string;
}

export interface AddressRecord {
  id: number;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  provinceCode: string | null;
  countryCode: string | null;
  zip: string | null;
  phone: string | null;
}

export interface ConsentRecord {
  marketingState: string;
  marketingOptInLevel: string | null;
  consentUpdatedAt: string | null;
}

export interface CustomerRecord {
  id: number;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  note: string | null;
  tags: string[];
  addresses: AddressRecord[];
  emailMarketingConsent: ConsentRecord | null;
  smsMarketingConsent: ConsentRecord | null;
  createdAt: string;
  updatedAt: string;
}

export interface TaxLineRecord { title: string; rate: number; price: number }

export interface LineItemRecord {
  id: number;
  title: string;
  name: string;
  sku: string | null;
  quantity: number;
  price: number;
  variantId: number | null;
  productId: number | null;
  taxLines: TaxLineRecord[];
}

export interface FulfillmentRecord {
  id: number;
  status: 'SUCCESS' | 'CANCELLED';
  createdAt: string;
  lineItemIds: number[];
  tracking: { company: string | null; number: string | null; url: string | null }[];
}

export interface TransactionRecord { id: number; kind: string; status: string; amount: number; gateway: string; processedAt: string }

export interface OrderRecord {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  customerId: number | null;
  currency: string;
  lineItems: LineItemRecord[];
  billingAddress: AddressRecord | null;
  shippingAddress: AddressRecord | null;
  shippingLines: { id: number; title: string; code: string | null; price: number }[];
  taxLines: TaxLineRecord[];
  taxesIncluded: boolean;
  discountCodes: string[];
  totalDiscounts: number;
  financialStatus: string;
  fulfillmentOrderId: number;
  fulfillments: FulfillmentRecord[];
  transactions: TransactionRecord[];
  note: string | null;
  tags: string[];
  customAttributes: { key: string; value: string }[];
  processedAt: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  closedAt: string | null;
  test: boolean;
}

export interface LocationRecord { id: number; name: string }

export interface WebhookSubscriptionRecord {
  id: number;
  topic: string;
  uri: string;
  format: string;
  filter: string | null;
  includeFields: string[];
  metafieldNamespaces: string[];
  name: string | null;
  createdAt: string;
  updatedAt: string;
}
