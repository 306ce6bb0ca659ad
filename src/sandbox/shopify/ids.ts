/** Shopify's global ids: gid://shopify/<Type>/<number>. */
export function gid(type: string, id: number): string {
  return `gid://shopify/${type}/${id}`;
}

export function parseGid(value: unknown, type: string): number | null {
  if (typeof value !== 'string') return null;
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)$/.exec(value);
  if (!match || match[1] !== type) return null;
  return Number(match[2]);
}
