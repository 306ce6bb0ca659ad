/** Tiendanube's JSON as the API documents it (TiendaNube/api-docs resources/*.md): only what Cutover reads. */
export type I18n = Record<string, string | null | undefined>;

export interface TnCategory { id: number; name: I18n; description?: I18n | null; handle: I18n; parent: number | null; created_at?: string; updated_at?: string }
export interface TnImage { id: number; src: string; position: number }
export interface TnVariant {
  id: number; price: string | null; promotional_price: string | null; stock_management: boolean; stock: number | null;
  weight: string | null; sku: string | null; values: I18n[];
}
export interface TnProduct {
  id: number; name: I18n; description?: I18n | null; handle: I18n; attributes?: I18n[] | null; published: boolean; brand?: string | null;
  seo_title?: string | null; seo_description?: string | null; tags?: string | null; categories?: { id: number }[] | null;
  images?: TnImage[] | null; variants: TnVariant[]; created_at?: string | null; updated_at?: string | null;
}
export interface TnAddress {
  address?: string | null; number?: string | null; floor?: string | null; locality?: string | null; zipcode?: string | null; city?: string | null;
  province?: string | null; country?: string | null; phone?: string | null; name?: string | null; first_name?: string | null; last_name?: string | null; default?: boolean;
}
export interface TnCustomer {
  id: number; name?: string | null; email?: string | null; phone?: string | null; note?: string | null; addresses?: TnAddress[] | null;
  accepts_marketing?: boolean | null; accepts_marketing_updated_at?: string | null; created_at?: string | null; updated_at?: string | null;
}
export interface TnOrderLine {
  product_id?: number | null; variant_id?: number | null; name?: string | null; price: string; quantity: number; sku?: string | null;
}
export interface TnOrder {
  id: number; number: number; status: string; payment_status: string; shipping_status: string; currency?: string | null;
  customer?: { id?: number | null; email?: string | null } | null; contact_email?: string | null; products?: TnOrderLine[] | null;
  subtotal?: string | null; discount?: string | null; total?: string | null; shipping_cost_customer?: string | null; shipping_option?: string | null;
  shipping_address?: TnAddress | null; billing_name?: string | null; billing_address?: string | null; billing_number?: string | null; billing_floor?: string | null;
  billing_locality?: string | null; billing_zipcode?: string | null; billing_city?: string | null; billing_province?: string | null;
  billing_country?: string | null; billing_phone?: string | null; coupon?: { code?: string }[] | null; note?: string | null;
  shipping_tracking_number?: string | null; shipping_tracking_url?: string | null; shipping?: string | null; shipped_at?: string | null;
  created_at: string; updated_at: string;
}
export interface TnMetafield { id: number; owner_id: number; value: string; namespace: string; key: string }
export interface TnStore { main_language?: string; main_currency?: string; country?: string; name?: I18n }
