import { WooError } from '../errors';
import { idList } from '../dates';
import { has, int, sanitizeSlug, str } from '../input';
import type { Ctx, Resource } from '../resource';
import type { TermRecord } from '../types';
import { links, textMatch, unionById } from './common';
import { storedTermName } from '../text';

type Taxonomy = 'categories' | 'tags';

/**
 * Product categories and tags: WordPress terms. They carry no dates, trashing is not supported, a name
 * must be unique under its parent and a slug unique in the taxonomy.
 */
export function termsResource(taxonomy: Taxonomy): Resource<TermRecord> {
  const terms = (ctx: Ctx) => ctx.state.collections[taxonomy];
  const route = taxonomy === 'categories' ? 'products/categories' : 'products/tags';

  function apply(ctx: Ctx, term: TermRecord, body: Record<string, unknown>): TermRecord {
    const name = str(body, 'name');
    // Stored (and returned) through WordPress's pre_term_name filters: "Computer & Networking" reads back as "Computer &amp; Networking".
    if (name !== undefined) term.name = storedTermName(name);
    if (!term.name) throw new WooError(400, 'empty_term_name', 'A name is required for this term.');
    if (taxonomy === 'categories') {
      const parent = int(body, 'parent');
      if (parent !== undefined) {
        if (parent !== 0 && !terms(ctx).has(parent)) throw new WooError(400, 'woocommerce_rest_term_invalid', 'Parent resource does not exist.');
        term.parent = parent;
      }
    }
    const description = str(body, 'description');
    if (description !== undefined) term.description = description;
    term.menu_order = int(body, 'menu_order') ?? term.menu_order;
    const others = [...terms(ctx).values()].filter((t) => t.id !== term.id);
    const clash = others.find((t) => t.name.toLowerCase() === term.name.toLowerCase() && t.parent === term.parent);
    if (clash) throw new WooError(400, 'term_exists', 'A term with the name provided already exists with this parent.', { resource_id: clash.id });
    if (has(body, 'slug') || term.slug === '') {
      const wanted = sanitizeSlug(str(body, 'slug') || term.name);
      if (has(body, 'slug') && others.some((t) => t.slug === wanted)) {
        throw new WooError(400, 'duplicate_term_slug', `The slug “${wanted}” is already in use by another term.`);
      }
      let slug = wanted;
      for (let n = 2; others.some((t) => t.slug === slug); n += 1) slug = `${wanted}-${n}`;
      term.slug = slug;
    }
    return term;
  }

  return {
    invalidId: () => new WooError(404, 'woocommerce_rest_term_invalid', 'Resource does not exist.'),
    all: (ctx) => [...terms(ctx).values()],
    any: (ctx) => terms(ctx).values().next().value,
    one: (ctx, _parentId, id) => terms(ctx).get(id),
    candidates(ctx, _parentId, params) {
      const slug = params.get('slug');
      if (slug) return unionById(slug.split(',').flatMap((s) => ctx.state.lookup(taxonomy, 'slug', s)));
      const include = idList(params, 'include');
      if (include) return include.flatMap((id) => terms(ctx).get(id) ?? []);
      return null;
    },
    create(ctx, body) {
      const term: TermRecord = { id: ctx.state.nextTermId(), name: '', slug: '', parent: 0, description: '', menu_order: 0 };
      return ctx.state.put(taxonomy, apply(ctx, term, body));
    },
    update: (ctx, record, body) => ctx.state.put(taxonomy, apply(ctx, { ...record }, body)),
    remove(ctx, record, force) {
      if (!force) throw new WooError(501, 'woocommerce_rest_trash_not_supported', 'Resource does not support trashing.');
      terms(ctx).delete(record.id);
      // WordPress moves the children of a deleted term up to its parent, and products lose the term.
      for (const child of terms(ctx).values()) if (child.parent === record.id) child.parent = record.parent;
      for (const product of ctx.state.collections.products.values()) product[taxonomy] = product[taxonomy].filter((id) => id !== record.id);
      return 'deleted';
    },
    serialize(ctx, t) {
      // term_taxonomy.count, kept by WordPress: the products in the term through the relationships index.
      const count = ctx.state.lookup('products', taxonomy, t.id).filter((p) => p.status !== 'trash').length;
      const common = { id: t.id, name: t.name, slug: t.slug, description: t.description, count, _links: links(ctx, `${route}/${t.id}`, route) };
      return taxonomy === 'categories' ? { ...common, parent: t.parent, display: 'default', image: null, menu_order: t.menu_order } : common;
    },
    matches(ctx, t, params) {
      const slug = params.get('slug');
      if (slug && !slug.split(',').includes(t.slug)) return false;
      const parent = params.get('parent');
      if (parent !== null && parent !== '' && t.parent !== Number(parent)) return false;
      const include = idList(params, 'include');
      if (include && !include.includes(t.id)) return false;
      const exclude = idList(params, 'exclude');
      if (exclude?.includes(t.id)) return false;
      if (params.get('hide_empty') === 'true' && ![...ctx.state.collections.products.values()].some((p) => p[taxonomy].includes(t.id))) return false;
      return textMatch([t.name, t.slug, t.description], params.get('search'));
    },
    sortKey(ctx, t, orderby) {
      switch (orderby) {
        case 'id': case 'include': return t.id;
        case 'name': return t.name.toLowerCase();
        case 'slug': return t.slug;
        case 'description': return t.description;
        case 'term_group': case 'menu_order': return t.menu_order;
        case 'count': return 0;
        default: return undefined;
      }
    },
    defaultOrderBy: 'name',
    defaultOrder: 'asc',
  };
}
