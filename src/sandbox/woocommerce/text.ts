/**
 * What WordPress does to a name on the way into its database, as the REST API then returns it:
 *  - a product's name goes through wp_filter_post_kses (WC_REST_Products_V2_Controller::
 *    prepare_object_for_database): entities are normalised (`&` that starts no valid entity becomes
 *    `&amp;`; `&ndash;` and `&amp;` stay), tags outside the post allow-list are removed, a lone `>` becomes
 *    `&gt;` (wp_kses_split2); raw characters such as `–` are kept as they are;
 *  - a term's name (categories, tags) goes through the pre_term_name filters: sanitize_text_field,
 *    wp_filter_kses, then _wp_specialchars without double encoding (`&` → `&amp;`, `<` → `&lt;`).
 * The REST API answers with the stored text (`Computer &amp; Networking`, woocommerce#16250), so a client
 * reads entities and must decode them itself.
 */

/** kses's $allowedentitynames: HTML 4's named entities and `apos`. */
const entityNames: ReadonlySet<string> = new Set([
  'quot amp apos lt gt nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg ',
  'plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc ',
  'Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute ',
  'Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml ',
  'aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ',
  'ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml OElig oelig Scaron scaron Yuml fnof circ tilde ',
  'Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho Sigma Tau Upsilon Phi ',
  'Chi Psi Omega alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigmaf ',
  'sigma tau upsilon phi chi psi omega thetasym upsih piv ensp emsp thinsp zwnj zwj lrm rlm ndash mdash lsquo ',
  'rsquo sbquo ldquo rdquo bdquo dagger Dagger bull hellip permil prime Prime lsaquo rsaquo oline frasl euro ',
  'image weierp real trade alefsym larr uarr rarr darr harr crarr lArr uArr rArr dArr hArr forall part exist ',
  'empty nabla isin notin ni prod sum minus lowast radic prop infin ang and or cap cup int there4 sim cong asymp ',
  'ne equiv le ge sub sup nsub sube supe oplus otimes perp sdot lceil rceil lfloor rfloor lang rang loz spades ',
  'clubs hearts diams',
].join('').split(' '));

/** wp_kses_normalize_entities: disarm every `&`, then re-arm the valid named, decimal and hex entities. */
export function normalizeEntities(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/&amp;([A-Za-z]{2,8}[0-9]{0,2});/g, (whole, name: string) => (entityNames.has(name) ? `&${name};` : whole))
    .replace(/&amp;#(0*[0-9]{1,7});/g, (whole, n: string) => (validCodePoint(Number(n)) ? `&#${n};` : whole))
    .replace(/&amp;#[Xx](0*[0-9A-Fa-f]{1,6});/g, (whole, n: string) => (validCodePoint(parseInt(n, 16)) ? `&#x${n};` : whole));
}

function validCodePoint(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** Inline elements the post context allows in a title (a subset of kses's $allowedposttags: enough for names). */
const postTags = new Set(['a', 'abbr', 'b', 'br', 'cite', 'code', 'del', 'em', 'i', 'ins', 'mark', 'q', 's', 'small', 'span', 'strong', 'sub', 'sup', 'u']);

/** wp_kses_split / wp_kses_split2 over a title: allowed tags kept, other tags and malformed `<…` removed, `>` escaped. */
function ksesSplit(text: string, allowed: ReadonlySet<string>): string {
  return text.replace(/<[^>]*(>|$)|>/g, (chunk) => {
    if (!chunk.startsWith('<')) return '&gt;';
    const element = /^<\s*(\/\s*)?([a-zA-Z0-9-]+)([^>]*)>?$/.exec(chunk);
    if (!element || !allowed.has((element[2] as string).toLowerCase())) return '';
    return chunk;
  });
}

/** wp_filter_post_kses as WooCommerce applies it to a product name. */
export function ksesPostTitle(text: string): string {
  return ksesSplit(normalizeEntities(text.replace(/\0/g, '')), postTags);
}

/** esc_html: entities normalised, `<`, `>`, `"` and `'` escaped. */
function escHtml(text: string): string {
  return normalizeEntities(text).replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');
}

/**
 * sanitize_text_field: a `<` that closes no tag is escaped with what follows it (wp_pre_kses_less_than),
 * tags are stripped, whitespace collapsed, %-octets removed.
 */
function sanitizeTextField(text: string): string {
  let out = text;
  if (out.includes('<')) {
    out = out.replace(/<[^>]*?((?=<)|>|$)/g, (chunk) => (chunk.includes('>') ? chunk : escHtml(chunk)));
    out = out.replace(/<(script|style)[^>]*?>.*?<\/\1>/gis, '').replace(/<[^>]*>/g, '');
  }
  out = out.replace(/[\r\n\t ]+/g, ' ').trim();
  let octet: RegExpExecArray | null;
  while ((octet = /%[a-f0-9]{2}/i.exec(out))) out = out.split(octet[0]).join('');
  return out.trim();
}

/** _wp_specialchars(…, ENT_NOQUOTES, false, false): `&` normalised (no double encoding), `<` and `>` escaped. */
function specialChars(text: string): string {
  return normalizeEntities(text).replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The pre_term_name filters: what a category or tag name is stored (and returned) as. */
export function storedTermName(text: string): string {
  return specialChars(ksesSplit(normalizeEntities(sanitizeTextField(text)), new Set()));
}
