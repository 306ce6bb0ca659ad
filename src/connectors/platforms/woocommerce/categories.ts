import type { Category } from '../../../domain/catalog/entities';
import { decodeSlug } from './addresses';
import { decodeEntities, encodeEntities } from './entities';
import { MappingError } from './money';
import type { WooCategory } from './wire';

export function fromWooCategory(c: WooCategory): Category {
  if (!c.name) throw new MappingError('category has no name');
  return {
    sourceId: String(c.id), name: decodeEntities(c.name), handle: decodeSlug(c.slug), descriptionHtml: c.description ?? '',
    parentSourceId: c.parent ? String(c.parent) : null, position: Math.max(0, c.menu_order ?? 0),
  };
}

export function toWooCategory(c: Category, parentId: number): Record<string, unknown> {
  return { name: encodeEntities(c.name), slug: c.handle, description: c.descriptionHtml, parent: parentId, menu_order: c.position };
}
