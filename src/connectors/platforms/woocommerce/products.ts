import type { Product, Variant } from '../../../domain/catalog/entities';
import { decodeSlug, isoFromGmt } from './addresses';
import { decodeEntities, encodeEntities } from './entities';
import { metaEntries, metaKeys, metaString } from './meta';
import { MappingError, formatMoney, parseMoney } from './money';
import type { WooProduct, WooSellable, WooVariation } from './wire';

export type WeightUnit = 'kg' | 'g' | 'lb' | 'oz';

/** WooCommerce's weight unit setting uses "lbs". */
export function weightUnitFromSetting(value: unknown): WeightUnit {
  return value === 'g' ? 'g' : value === 'lbs' ? 'lb' : value === 'oz' ? 'oz' : 'kg';
}

const gramsPer: Record<WeightUnit, number> = { kg: 1000, g: 1, lb: 453.59237, oz: 28.349523125 };

const statusFromWoo: Record<string, Product['status']> = { publish: 'active', draft: 'draft', pending: 'draft', private: 'archived', future: 'draft' };
const statusToWoo: Record<Product['status'], string> = { active: 'publish', draft: 'draft', archived: 'private' };

function stockStatus(value: string): Variant['stockStatus'] {
  return value === 'outofstock' ? 'out_of_stock' : value === 'onbackorder' ? 'backorder' : 'in_stock';
}

function variantFrom(item: WooSellable, optionValues: string[], unit: WeightUnit, label: string): Variant {
  const price = parseMoney(item.price);
  if (price === null) throw new MappingError(`${label} price ${JSON.stringify(item.price)} is not a decimal amount`);
  const regular = parseMoney(item.regular_price);
  const weight = item.weight ? Number(item.weight) : NaN;
  return {
    sourceId: String(item.id), sku: item.sku || null, optionValues, price: formatMoney(price),
    compareAtPrice: regular !== null && regular > price ? formatMoney(regular) : null,
    weight: Number.isFinite(weight) && weight >= 0 ? { value: weight, unit } : null,
    inventoryQuantity: item.manage_stock === true && typeof item.stock_quantity === 'number' ? item.stock_quantity : null,
    stockStatus: stockStatus(item.stock_status),
  };
}

export function fromWooProduct(p: WooProduct, variations: WooVariation[], unit: WeightUnit): Product {
  if (!p.name) throw new MappingError('product has no name');
  const options = p.type === 'variable'
    ? p.attributes.filter((a) => a.variation).sort((a, b) => a.position - b.position).map((a) => ({ name: a.name, values: a.options }))
    : [];
  const variants = p.type === 'variable'
    ? variations.map((v) => variantFrom(v, options.map((o) => v.attributes.find((a) => a.name.toLowerCase() === o.name.toLowerCase())?.option ?? ''), unit, `variation ${v.id}`))
    : [variantFrom(p, [], unit, 'product')];
  if (variants.length === 0) throw new MappingError('variable product has no variations');
  return {
    sourceId: String(p.id), title: decodeEntities(p.name), descriptionHtml: p.description ?? '',
    vendor: metaString(p.meta_data, metaKeys.vendor), productType: metaString(p.meta_data, metaKeys.productType),
    tags: p.tags.map((t) => decodeEntities(t.name)), status: statusFromWoo[p.status] ?? 'draft', handle: decodeSlug(p.slug) || String(p.id),
    seoTitle: metaString(p.meta_data, metaKeys.seoTitle) ?? metaString(p.meta_data, metaKeys.rankMathTitle),
    seoDescription: metaString(p.meta_data, metaKeys.seoDescription) ?? metaString(p.meta_data, metaKeys.rankMathDescription),
    categorySourceIds: p.categories.map((c) => String(c.id)),
    images: p.images.filter((i) => /^https?:\/\//.test(i.src)).map((i, position) => ({ url: i.src, alt: i.alt || null, position })),
    options, variants, createdAt: isoFromGmt(p.date_created_gmt), updatedAt: isoFromGmt(p.date_modified_gmt),
  };
}

/** Price and stock fields of one variant, in the store's weight unit. */
export function sellableBody(v: Variant, unit: WeightUnit): Record<string, unknown> {
  const onSale = v.compareAtPrice !== null && (parseMoney(v.compareAtPrice) ?? 0n) > (parseMoney(v.price) ?? 0n);
  const weight = v.weight ? (v.weight.value * gramsPer[v.weight.unit]) / gramsPer[unit] : null;
  const tracked = v.inventoryQuantity !== null;
  return {
    sku: v.sku ?? '', regular_price: onSale ? v.compareAtPrice : v.price, sale_price: onSale ? v.price : '',
    manage_stock: tracked, ...(tracked ? { stock_quantity: v.inventoryQuantity } : {}),
    backorders: v.stockStatus === 'backorder' ? 'notify' : 'no',
    stock_status: v.stockStatus === 'out_of_stock' ? 'outofstock' : v.stockStatus === 'backorder' ? 'onbackorder' : 'instock',
    weight: weight === null ? '' : String(Math.round(weight * 10000) / 10000),
  };
}

export function isVariable(p: Product): boolean {
  return p.options.length > 0;
}

export function toWooProduct(p: Product, categoryIds: number[], tagIds: number[], unit: WeightUnit): Record<string, unknown> {
  if (!isVariable(p) && p.variants.length > 1) throw new MappingError(`product has ${p.variants.length} variants but no options to tell them apart`);
  const single = p.variants[0];
  return {
    name: encodeEntities(p.title), slug: p.handle, type: isVariable(p) ? 'variable' : 'simple', status: statusToWoo[p.status], description: p.descriptionHtml,
    categories: categoryIds.map((id) => ({ id })), tags: tagIds.map((id) => ({ id })),
    images: [...p.images].sort((a, b) => a.position - b.position).map((i) => ({ src: i.url, alt: i.alt ?? '' })),
    attributes: p.options.map((o, position) => ({ name: o.name, position, visible: true, variation: true, options: o.values })),
    ...(isVariable(p) || !single ? {} : sellableBody(single, unit)),
    meta_data: metaEntries({
      [metaKeys.vendor]: p.vendor, [metaKeys.productType]: p.productType, [metaKeys.seoTitle]: p.seoTitle, [metaKeys.seoDescription]: p.seoDescription,
    }),
  };
}

export function toWooVariation(p: Product, v: Variant, unit: WeightUnit): Record<string, unknown> {
  return { ...sellableBody(v, unit), status: 'publish', attributes: p.options.map((o, i) => ({ name: o.name, option: v.optionValues[i] ?? '' })) };
}
