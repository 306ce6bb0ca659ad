import { buildSchema, type GraphQLSchema } from 'graphql';
import { countryCodes, currencyCodes } from './codes';

/**
 * The subset of the GraphQL Admin API (2025-10) that the simulator serves, with the names, arguments and
 * nullability of shopify.dev's reference. Anything outside it fails validation as an unknown field would.
 */
const sdl = /* GraphQL */ `
scalar DateTime
scalar Money
scalar Decimal
scalar URL
scalar HTML
scalar UnsignedInt64

enum CurrencyCode { ${currencyCodes.join(' ')} }
enum CountryCode { ${countryCodes.join(' ')} }
enum ProductStatus { ACTIVE ARCHIVED DRAFT }
enum ProductSortKeys { ID TITLE CREATED_AT UPDATED_AT PRODUCT_TYPE VENDOR }
enum CollectionSortKeys { ID TITLE UPDATED_AT }
enum CustomerSortKeys { ID NAME CREATED_AT UPDATED_AT }
enum OrderSortKeys { ID NAME CREATED_AT UPDATED_AT PROCESSED_AT }
enum CountPrecision { EXACT AT_LEAST }
enum WeightUnit { GRAMS KILOGRAMS OUNCES POUNDS }
enum ProductVariantInventoryPolicy { CONTINUE DENY }
enum MediaContentType { EXTERNAL_VIDEO IMAGE MODEL_3D VIDEO }
enum FileContentType { EXTERNAL_VIDEO FILE IMAGE MODEL_3D VIDEO }
enum MediaStatus { FAILED PROCESSING READY UPLOADED }
enum CustomerEmailMarketingState { INVALID NOT_SUBSCRIBED PENDING REDACTED SUBSCRIBED UNSUBSCRIBED }
enum CustomerSmsMarketingState { NOT_SUBSCRIBED PENDING REDACTED SUBSCRIBED UNSUBSCRIBED }
enum CustomerMarketingOptInLevel { CONFIRMED_OPT_IN SINGLE_OPT_IN UNKNOWN }
enum OrderDisplayFinancialStatus { AUTHORIZED EXPIRED PAID PARTIALLY_PAID PARTIALLY_REFUNDED PENDING REFUNDED VOIDED }
enum OrderDisplayFulfillmentStatus { FULFILLED IN_PROGRESS ON_HOLD OPEN PARTIALLY_FULFILLED PENDING_FULFILLMENT REQUEST_DECLINED RESTOCKED SCHEDULED UNFULFILLED }
enum OrderCreateFinancialStatus { AUTHORIZED EXPIRED PAID PARTIALLY_PAID PARTIALLY_REFUNDED PENDING REFUNDED VOIDED }
enum OrderCreateFulfillmentStatus { FULFILLED PARTIAL RESTOCKED }
enum OrderTransactionKind { AUTHORIZATION CAPTURE CHANGE EMV_AUTHORIZATION REFUND SALE SUGGESTED_REFUND VOID }
enum OrderTransactionStatus { AWAITING_RESPONSE ERROR FAILURE PENDING SUCCESS UNKNOWN }
enum OrderCancelReason { CUSTOMER DECLINED FRAUD INVENTORY OTHER STAFF }
enum FulfillmentStatus { CANCELLED ERROR FAILURE OPEN PENDING SUCCESS }
enum FulfillmentOrderStatus { CANCELLED CLOSED INCOMPLETE IN_PROGRESS ON_HOLD OPEN SCHEDULED }
enum ProductSetUserErrorCode { BLANK GENERIC_ERROR INVALID INVALID_VARIANT PRODUCT_DOES_NOT_EXIST PRODUCT_VARIANT_DOES_NOT_EXIST TAKEN TOO_LONG OPTIONS_OVER_LIMIT VARIANTS_OVER_LIMIT DUPLICATED_OPTION_VALUE }
enum OrderCreateUserErrorCode { BLANK INVALID PRESENT TAKEN INVENTORY_CLAIM_FAILED PRODUCT_VARIANT_NOT_FOUND }
enum OrderDeleteUserErrorCode { INVALID NOT_FOUND }
enum OrderCancelUserErrorCode { INVALID NOT_FOUND NO_REFUND_PERMISSION }

interface Node { id: ID! }

type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
type Count { count: Int! precision: CountPrecision! }
type UserError { field: [String!] message: String! }
type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }
type SEO { title: String description: String }
type Metafield implements Node { id: ID! namespace: String! key: String! type: String! value: String! }
type Job { id: ID! done: Boolean! }

type ShopPlan { displayName: String! partnerDevelopment: Boolean! shopifyPlus: Boolean! }
type Shop implements Node { id: ID! name: String! email: String! myshopifyDomain: String! currencyCode: CurrencyCode! plan: ShopPlan! }

type Location implements Node { id: ID! name: String! isActive: Boolean! }
type LocationEdge { cursor: String! node: Location! }
type LocationConnection { edges: [LocationEdge!]! nodes: [Location!]! pageInfo: PageInfo! }

type Image { id: ID url: URL! altText: String width: Int height: Int }
interface Media { id: ID! alt: String mediaContentType: MediaContentType! status: MediaStatus! preview: MediaPreviewImage }
type MediaPreviewImage { image: Image status: MediaStatus! }
type MediaImage implements Media & Node { id: ID! alt: String mediaContentType: MediaContentType! status: MediaStatus! preview: MediaPreviewImage image: Image }
type MediaEdge { cursor: String! node: Media! }
type MediaConnection { edges: [MediaEdge!]! nodes: [Media!]! pageInfo: PageInfo! }

type ProductOptionValue { id: ID! name: String! hasVariants: Boolean! }
type ProductOption implements Node { id: ID! name: String! position: Int! values: [String!]! optionValues: [ProductOptionValue!]! }
type SelectedOption { name: String! value: String! }
type Weight { value: Float! unit: WeightUnit! }
type InventoryItemMeasurement { id: ID! weight: Weight }
type InventoryItem implements Node { id: ID! sku: String tracked: Boolean! measurement: InventoryItemMeasurement! }

type ProductVariant implements Node {
  id: ID! title: String! displayName: String! sku: String price: Money! compareAtPrice: Money position: Int!
  selectedOptions: [SelectedOption!]! inventoryPolicy: ProductVariantInventoryPolicy! inventoryQuantity: Int
  inventoryItem: InventoryItem! product: Product! createdAt: DateTime! updatedAt: DateTime!
}
type ProductVariantEdge { cursor: String! node: ProductVariant! }
type ProductVariantConnection { edges: [ProductVariantEdge!]! nodes: [ProductVariant!]! pageInfo: PageInfo! }

type Product implements Node {
  id: ID! title: String! handle: String! description: String! descriptionHtml: HTML! vendor: String! productType: String!
  tags: [String!]! status: ProductStatus! seo: SEO! options(first: Int): [ProductOption!]!
  variants(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): ProductVariantConnection!
  variantsCount: Count
  media(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): MediaConnection!
  collections(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): CollectionConnection!
  totalInventory: Int! createdAt: DateTime! updatedAt: DateTime!
}
type ProductEdge { cursor: String! node: Product! }
type ProductConnection { edges: [ProductEdge!]! nodes: [Product!]! pageInfo: PageInfo! }

type Collection implements Node {
  id: ID! title: String! handle: String! description: String! descriptionHtml: HTML! seo: SEO! updatedAt: DateTime!
  products(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): ProductConnection!
  productsCount: Count
  metafield(namespace: String, key: String!): Metafield
}
type CollectionEdge { cursor: String! node: Collection! }
type CollectionConnection { edges: [CollectionEdge!]! nodes: [Collection!]! pageInfo: PageInfo! }

type MailingAddress implements Node {
  id: ID! firstName: String lastName: String name: String company: String address1: String address2: String city: String
  province: String provinceCode: String country: String countryCodeV2: CountryCode zip: String phone: String
}
type CustomerEmailMarketingConsentState { marketingState: CustomerEmailMarketingState! marketingOptInLevel: CustomerMarketingOptInLevel consentUpdatedAt: DateTime }
type CustomerSmsMarketingConsentState { marketingState: CustomerSmsMarketingState! marketingOptInLevel: CustomerMarketingOptInLevel! consentUpdatedAt: DateTime }
type Customer implements Node {
  id: ID! email: String phone: String firstName: String lastName: String displayName: String! note: String tags: [String!]!
  addresses(first: Int): [MailingAddress!]! defaultAddress: MailingAddress
  emailMarketingConsent: CustomerEmailMarketingConsentState smsMarketingConsent: CustomerSmsMarketingConsentState
  numberOfOrders: UnsignedInt64! createdAt: DateTime! updatedAt: DateTime!
}
type CustomerEdge { cursor: String! node: Customer! }
type CustomerConnection { edges: [CustomerEdge!]! nodes: [Customer!]! pageInfo: PageInfo! }

type TaxLine { title: String rate: Float ratePercentage: Float priceSet: MoneyBag! }
type Attribute { key: String! value: String }
type LineItem implements Node {
  id: ID! title: String! name: String! sku: String quantity: Int! variant: ProductVariant product: Product
  originalUnitPriceSet: MoneyBag! originalTotalSet: MoneyBag! totalDiscountSet: MoneyBag! taxLines(first: Int): [TaxLine!]!
}
type LineItemEdge { cursor: String! node: LineItem! }
type LineItemConnection { edges: [LineItemEdge!]! nodes: [LineItem!]! pageInfo: PageInfo! }
type ShippingLine { id: ID title: String! code: String originalPriceSet: MoneyBag! }
type ShippingLineEdge { cursor: String! node: ShippingLine! }
type ShippingLineConnection { edges: [ShippingLineEdge!]! nodes: [ShippingLine!]! pageInfo: PageInfo! }
type FulfillmentTrackingInfo { company: String number: String url: URL }
type Fulfillment implements Node { id: ID! status: FulfillmentStatus! createdAt: DateTime! trackingInfo(first: Int): [FulfillmentTrackingInfo!]! }
type FulfillmentOrder implements Node { id: ID! status: FulfillmentOrderStatus! }
type FulfillmentOrderEdge { cursor: String! node: FulfillmentOrder! }
type FulfillmentOrderConnection { edges: [FulfillmentOrderEdge!]! nodes: [FulfillmentOrder!]! pageInfo: PageInfo! }
type OrderTransaction implements Node { id: ID! kind: OrderTransactionKind! status: OrderTransactionStatus! gateway: String amountSet: MoneyBag! processedAt: DateTime }

type Order implements Node {
  id: ID! name: String! email: String phone: String customer: Customer currencyCode: CurrencyCode!
  lineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): LineItemConnection!
  billingAddress: MailingAddress shippingAddress: MailingAddress
  shippingLines(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): ShippingLineConnection!
  taxLines(first: Int): [TaxLine!]! taxesIncluded: Boolean! discountCodes: [String!]!
  subtotalPriceSet: MoneyBag totalPriceSet: MoneyBag! totalTaxSet: MoneyBag totalDiscountsSet: MoneyBag totalShippingPriceSet: MoneyBag!
  displayFinancialStatus: OrderDisplayFinancialStatus displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
  fulfillments(first: Int): [Fulfillment!]!
  fulfillmentOrders(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): FulfillmentOrderConnection!
  transactions(first: Int): [OrderTransaction!]!
  note: String tags: [String!]! customAttributes: [Attribute!]!
  processedAt: DateTime! createdAt: DateTime! updatedAt: DateTime! cancelledAt: DateTime cancelReason: OrderCancelReason closedAt: DateTime test: Boolean!
}
type OrderEdge { cursor: String! node: Order! }
type OrderConnection { edges: [OrderEdge!]! nodes: [Order!]! pageInfo: PageInfo! }

type Query {
  shop: Shop!
  locations(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): LocationConnection!
  product(id: ID!): Product
  products(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, sortKey: ProductSortKeys = ID, query: String): ProductConnection!
  productsCount(query: String, limit: Int = 10000): Count
  productVariants(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, query: String): ProductVariantConnection!
  collection(id: ID!): Collection
  collections(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, sortKey: CollectionSortKeys = ID, query: String): CollectionConnection!
  collectionsCount(query: String, limit: Int = 10000): Count
  customer(id: ID!): Customer
  customers(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, sortKey: CustomerSortKeys = ID, query: String): CustomerConnection!
  customersCount(query: String, limit: Int = 10000): Count
  order(id: ID!): Order
  orders(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, sortKey: OrderSortKeys = PROCESSED_AT, query: String): OrderConnection!
  ordersCount(query: String, limit: Int = 10000): Count
}

input SEOInput { title: String description: String }
input MetafieldInput { id: ID namespace: String key: String value: String type: String }
input OptionValueSetInput { id: ID name: String }
input OptionSetInput { id: ID name: String position: Int values: [OptionValueSetInput!] }
input VariantOptionValueInput { id: ID name: String optionId: ID optionName: String }
input WeightInput { value: Float! unit: WeightUnit! }
input InventoryItemMeasurementInput { weight: WeightInput }
input InventoryItemInput { sku: String tracked: Boolean requiresShipping: Boolean cost: Decimal measurement: InventoryItemMeasurementInput }
input ProductSetInventoryInput { locationId: ID! name: String! quantity: Int! }
input ProductVariantSetInput {
  id: ID optionValues: [VariantOptionValueInput!]! price: Money compareAtPrice: Money sku: String barcode: String position: Int
  inventoryPolicy: ProductVariantInventoryPolicy inventoryItem: InventoryItemInput inventoryQuantities: [ProductSetInventoryInput!] taxable: Boolean
}
input FileSetInput { id: ID originalSource: String alt: String contentType: FileContentType filename: String duplicateResolutionMode: String }
input ProductSetInput {
  id: ID title: String handle: String descriptionHtml: String vendor: String productType: String tags: [String!] status: ProductStatus
  seo: SEOInput productOptions: [OptionSetInput!] variants: [ProductVariantSetInput!] files: [FileSetInput!] collections: [ID!]
  metafields: [MetafieldInput!] giftCard: Boolean requiresSellingPlan: Boolean
}
input ProductSetIdentifiers { id: ID handle: String }
input ProductDeleteInput { id: ID! }
input CollectionInput { id: ID title: String handle: String descriptionHtml: String seo: SEOInput products: [ID!] metafields: [MetafieldInput!] }
input CollectionDeleteInput { id: ID! }
input MailingAddressInput {
  address1: String address2: String city: String company: String countryCode: CountryCode firstName: String lastName: String
  phone: String provinceCode: String zip: String
}
input CustomerEmailMarketingConsentInput { marketingState: CustomerEmailMarketingState! marketingOptInLevel: CustomerMarketingOptInLevel consentUpdatedAt: DateTime }
input CustomerSmsMarketingConsentInput { marketingState: CustomerSmsMarketingState! marketingOptInLevel: CustomerMarketingOptInLevel consentUpdatedAt: DateTime }
input CustomerInput {
  id: ID email: String phone: String firstName: String lastName: String note: String tags: [String!] addresses: [MailingAddressInput!]
  emailMarketingConsent: CustomerEmailMarketingConsentInput smsMarketingConsent: CustomerSmsMarketingConsentInput metafields: [MetafieldInput!]
}
input CustomerEmailMarketingConsentUpdateInput { customerId: ID! emailMarketingConsent: CustomerEmailMarketingConsentInput! }
input CustomerSmsMarketingConsentUpdateInput { customerId: ID! smsMarketingConsent: CustomerSmsMarketingConsentInput! }
input CustomerDeleteInput { id: ID! }

input MoneyInput { amount: Decimal! currencyCode: CurrencyCode! }
input MoneyBagInput { shopMoney: MoneyInput! presentmentMoney: MoneyInput }
input OrderCreateTaxLineInput { title: String! rate: Decimal! priceSet: MoneyBagInput channelLiable: Boolean }
input OrderCreateLineItemInput {
  variantId: ID title: String sku: String quantity: Int! priceSet: MoneyBagInput taxLines: [OrderCreateTaxLineInput!]
  requiresShipping: Boolean taxable: Boolean vendor: String giftCard: Boolean
}
input OrderCreateShippingLineInput { title: String! priceSet: MoneyBagInput! code: String source: String taxLines: [OrderCreateTaxLineInput!] }
input OrderCreateAssociateCustomerAttributesInput { id: ID email: String }
input OrderCreateUpsertCustomerAttributesInput { id: ID email: String phone: String firstName: String lastName: String }
input OrderCreateCustomerInput { toAssociate: OrderCreateAssociateCustomerAttributesInput toUpsert: OrderCreateUpsertCustomerAttributesInput }
input OrderCreateFixedDiscountCodeAttributesInput { code: String! amountSet: MoneyBagInput }
input OrderCreatePercentageDiscountCodeAttributesInput { code: String! percentage: Float }
input OrderCreateFreeShippingDiscountCodeAttributesInput { code: String! }
input OrderCreateDiscountCodeInput {
  itemFixedDiscountCode: OrderCreateFixedDiscountCodeAttributesInput
  itemPercentageDiscountCode: OrderCreatePercentageDiscountCodeAttributesInput
  freeShippingDiscountCode: OrderCreateFreeShippingDiscountCodeAttributesInput
}
input OrderCreateFulfillmentInput { locationId: ID! trackingCompany: String trackingNumber: String notifyCustomer: Boolean = false }
input OrderCreateOrderTransactionInput { kind: OrderTransactionKind = SALE status: OrderTransactionStatus = SUCCESS amountSet: MoneyBagInput! gateway: String processedAt: DateTime }
input OrderCreateCustomAttributeInput { key: String! value: String! }
input OrderCreateOrderInput {
  billingAddress: MailingAddressInput shippingAddress: MailingAddressInput currency: CurrencyCode customAttributes: [OrderCreateCustomAttributeInput!]
  customer: OrderCreateCustomerInput discountCode: OrderCreateDiscountCodeInput email: String financialStatus: OrderCreateFinancialStatus
  fulfillment: OrderCreateFulfillmentInput fulfillmentStatus: OrderCreateFulfillmentStatus lineItems: [OrderCreateLineItemInput!]
  name: String note: String phone: String processedAt: DateTime closedAt: DateTime shippingLines: [OrderCreateShippingLineInput!]
  tags: [String!] taxesIncluded: Boolean taxLines: [OrderCreateTaxLineInput!] test: Boolean transactions: [OrderCreateOrderTransactionInput!]
  buyerAcceptsMarketing: Boolean sourceName: String
}
input OrderCreateOptionsInput { sendReceipt: Boolean = false sendFulfillmentReceipt: Boolean = false inventoryBehaviour: String }
input AttributeInput { key: String! value: String! }
input OrderInput { id: ID! email: String note: String tags: [String!] customAttributes: [AttributeInput!] shippingAddress: MailingAddressInput }
input FulfillmentOrderLineItemInput { id: ID! quantity: Int! }
input FulfillmentOrderLineItemsInput { fulfillmentOrderId: ID! fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!] }
input FulfillmentTrackingInput { company: String number: String numbers: [String!] url: URL urls: [URL!] }
input FulfillmentInput { lineItemsByFulfillmentOrder: [FulfillmentOrderLineItemsInput!]! notifyCustomer: Boolean = false trackingInfo: FulfillmentTrackingInput }

type ProductSetUserError { field: [String!] message: String! code: ProductSetUserErrorCode }
type ProductSetPayload { product: Product userErrors: [ProductSetUserError!]! }
type ProductDeletePayload { deletedProductId: ID userErrors: [UserError!]! }
type CollectionCreatePayload { collection: Collection userErrors: [UserError!]! }
type CollectionUpdatePayload { collection: Collection userErrors: [UserError!]! }
type CollectionAddProductsPayload { collection: Collection userErrors: [UserError!]! }
type CollectionDeletePayload { deletedCollectionId: ID userErrors: [UserError!]! }
type CustomerCreatePayload { customer: Customer userErrors: [UserError!]! }
type CustomerUpdatePayload { customer: Customer userErrors: [UserError!]! }
type CustomerEmailMarketingConsentUpdatePayload { customer: Customer userErrors: [UserError!]! }
type CustomerSmsMarketingConsentUpdatePayload { customer: Customer userErrors: [UserError!]! }
type CustomerDeletePayload { deletedCustomerId: ID userErrors: [UserError!]! }
type OrderCreateUserError { field: [String!] message: String! code: OrderCreateUserErrorCode }
type OrderCreatePayload { order: Order userErrors: [OrderCreateUserError!]! }
type OrderUpdatePayload { order: Order userErrors: [UserError!]! }
type OrderDeleteUserError { field: [String!] message: String! code: OrderDeleteUserErrorCode }
type OrderDeletePayload { deletedId: ID userErrors: [OrderDeleteUserError!]! }
type OrderCancelUserError { field: [String!] message: String! code: OrderCancelUserErrorCode }
type OrderCancelPayload { job: Job orderCancelUserErrors: [OrderCancelUserError!]! userErrors: [UserError!]! }
type FulfillmentCreatePayload { fulfillment: Fulfillment userErrors: [UserError!]! }

type Mutation {
  productSet(input: ProductSetInput!, synchronous: Boolean = true, identifier: ProductSetIdentifiers): ProductSetPayload
  productDelete(input: ProductDeleteInput!, synchronous: Boolean = true): ProductDeletePayload
  collectionCreate(input: CollectionInput!): CollectionCreatePayload
  collectionUpdate(input: CollectionInput!): CollectionUpdatePayload
  collectionAddProducts(id: ID!, productIds: [ID!]!): CollectionAddProductsPayload
  collectionDelete(input: CollectionDeleteInput!): CollectionDeletePayload
  customerCreate(input: CustomerInput!): CustomerCreatePayload
  customerUpdate(input: CustomerInput!): CustomerUpdatePayload
  customerEmailMarketingConsentUpdate(input: CustomerEmailMarketingConsentUpdateInput!): CustomerEmailMarketingConsentUpdatePayload
  customerSmsMarketingConsentUpdate(input: CustomerSmsMarketingConsentUpdateInput!): CustomerSmsMarketingConsentUpdatePayload
  customerDelete(input: CustomerDeleteInput!): CustomerDeletePayload
  orderCreate(order: OrderCreateOrderInput!, options: OrderCreateOptionsInput): OrderCreatePayload
  orderUpdate(input: OrderInput!): OrderUpdatePayload
  orderDelete(orderId: ID!): OrderDeletePayload
  orderCancel(orderId: ID!, reason: OrderCancelReason!, refund: Boolean!, restock: Boolean!, notifyCustomer: Boolean = false, staffNote: String): OrderCancelPayload
  fulfillmentCreate(fulfillment: FulfillmentInput!, message: String): FulfillmentCreatePayload
}
`;

let built: GraphQLSchema | null = null;

export function adminSchema(): GraphQLSchema {
  built ??= buildSchema(sdl);
  return built;
}
