/**
 * What ReSci's flat-file import accepts, per file type: columns, which are required, their types.
 * categories and items as ReSci's "Standard File Schemas" page lists them; users as ReSci's help-centre
 * article "How to Format Users Data for Manual FTP Import" lists them (the accepted headers: email and
 * account_created_on required, dates as YYYY-MM-DD, "any date [in date_unsubscribed] will unsubscribe the
 * user"; no first_name/last_name: the name goes in full_name); orders and order_items as Cutover's README
 * documents (no ReSci page for their columns was found).
 */
export type ColumnType = 'string' | 'float' | 'integer' | 'datetime' | 'date';
export interface Column { name: string; required: boolean; type: ColumnType }

const col = (name: string, required: boolean, type: ColumnType = 'string'): Column => ({ name, required, type });

export const resciSchemas: Record<string, Column[]> = {
  categories: [col('record_id', true), col('name', true), col('description', false), col('parent_record_id', false)],
  items: [
    col('record_id', true), col('name', true), col('price', true, 'float'), col('price_b', false, 'float'), col('active', true, 'integer'),
    col('item_url', true), col('item_type', false), col('manufacturer', false), col('model', false), col('quantity', false, 'integer'),
    col('image_list', true), col('categories', false), col('parent_record_id', false),
  ],
  users: [
    col('record_id', false), col('email', true), col('account_created_on', true, 'date'), col('date_unsubscribed', false, 'date'),
    col('full_name', false), col('address1', false), col('address2', false), col('city', false), col('state', false), col('zip', false),
    col('country', false), col('phone', false), col('birthday', false, 'date'), col('gender', false), col('registration_source', false),
  ],
  orders: [
    col('record_id', true), col('user_record_id', true), col('order_total', true, 'float'), col('order_date', true, 'datetime'),
    col('total_discounts', false, 'float'), col('total_shipping', false, 'float'), col('total_tax', false, 'float'),
    col('payment_method', false), col('shipping_method', false), col('promo_code', false),
  ],
  order_items: [
    col('order_record_id', true), col('item_record_id', true), col('name', false), col('price', true, 'float'), col('quantity', true, 'integer'),
    col('final_sale_price', false, 'float'),
  ],
  // Optional feeds: accepted by name, checked for their key only.
  user_subscriptions: [col('record_id', true), col('user_record_id', true)],
  item_reviews: [col('record_id', true), col('item_record_id', true)],
  user_wish_lists: [col('user_record_id', true), col('item_record_id', true)],
};

export const FILE_NAME = /^\/uploads\/([a-z_]+)_(\d{4}-\d{2}-\d{2})\.tsv$/;
