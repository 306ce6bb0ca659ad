import type { ShopifyGraphqlClient } from './graphql-client';

/**
 * Records are read whole. A listing query brings each record with the first page of its nested connections
 * (an order's line items, a product's variants…), small enough to keep the listing under Shopify's
 * 1000-point single-query limit; whatever has more is read to its end by follow-up queries of that one
 * record, `after` the last cursor. A record that cannot be read whole is refused with the reason
 * (IncompleteRecord), never passed on shortened.
 */

export interface NestedPage<N> { nodes: N[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }

/** A nested connection's page as it is asked for in a listing: `nodes { … } pageInfo { hasNextPage endCursor }`. */
export const connection = (name: string, first: number, nodeFields: string): string =>
  `${name}(first: ${first}) { nodes { ${nodeFields} } pageInfo { hasNextPage endCursor } }`;

/** A follow-up page of one record's nested connection: `$id` is the record, `$after` the last cursor read. */
export const followUp = (operation: string, root: 'order' | 'product' | 'customer', name: string, first: number, nodeFields: string): string =>
  `query ${operation}($id: ID!, $after: String!) { ${root}(id: $id) { ${name}(first: ${first}, after: $after) { nodes { ${nodeFields} } pageInfo { hasNextPage endCursor } } } }`;

export class IncompleteRecord extends Error {}

/**
 * All nodes of a nested connection: the page that came with the record, then the rest. `document` is a
 * followUp() document; `pick` finds the connection in its answer (null when the record is gone).
 */
export async function readToEnd<N>(
  client: ShopifyGraphqlClient,
  first: NestedPage<N>,
  next: { document: string; id: string; pick: (data: Record<string, unknown>) => NestedPage<N> | null | undefined; what: string },
): Promise<N[]> {
  const nodes = [...first.nodes];
  let page = first;
  while (page.pageInfo.hasNextPage) {
    const after = page.pageInfo.endCursor;
    if (!after) throw new IncompleteRecord(`${next.what}: Shopify said there were more but gave no cursor to read them`);
    const more = next.pick(await client.request<Record<string, unknown>>(next.document, { id: next.id, after }));
    if (!more) throw new IncompleteRecord(`${next.what}: the record disappeared while they were read`);
    nodes.push(...more.nodes);
    page = more;
  }
  return nodes;
}

/** Reads each node whole, in parallel; a node that cannot be is set apart with its reason. */
export async function completeAll<N extends { id: string }>(
  nodes: N[],
  complete: (node: N) => Promise<N>,
): Promise<{ complete: N[]; incomplete: { id: string; reason: string }[] }> {
  type Outcome = { ok: true; node: N } | { ok: false; id: string; reason: string };
  const results = await Promise.all(nodes.map(async (node): Promise<Outcome> => {
    try {
      return { ok: true, node: await complete(node) };
    } catch (error) {
      if (error instanceof IncompleteRecord) return { ok: false, id: node.id, reason: `not read whole: ${error.message}` };
      throw error;
    }
  }));
  return {
    complete: results.flatMap((r) => (r.ok ? [r.node] : [])),
    incomplete: results.flatMap((r) => (r.ok ? [] : [{ id: r.id, reason: r.reason }])),
  };
}
