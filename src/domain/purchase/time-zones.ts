/**
 * The shopper's time zone from where the order goes: the shipping address's country (ISO 3166-1 alpha-2, as
 * Shopify's country_code, WooCommerce's country and Tiendanube's country give it) and region (a state or
 * province, as a code of any of the platforms' systems or its name). None of the three platforms sends the
 * shopper's own zone with an order, so the address is the best witness there is.
 *
 * Covered region by region: the countries with more than one zone that the stores serve (BR, MX, CL, US, CA,
 * ES, PT; AR's provinces share one offset). Any other country with a single zone maps directly (AR, CO, GB, FR,
 * UY, PE... from the runtime's own region data). Not covered, so null and the store's zone: a country with
 * several zones that is not in the table (RU, AU, ID...), a US state or Canadian province the address does not
 * name, and the rare places whose zone differs from the rest of their region (Chile's Easter Island, Brazil's
 * Fernando de Noronha and western Amazonas, Mexico's border municipalities, the US states split between two
 * zones, which take their most populous one).
 */

/** Region aliases (codes of ISO 3166-2, Shopify and WooCommerce, and names) to zone, per country. */
interface CountryZones {
  /** The zone when the region is not given or not listed; null: the region must be known. */
  default: string | null;
  regions: [aliases: string[], zone: string][];
}

const countries: Record<string, CountryZones> = {
  // Every province is UTC-3 without daylight saving since 2009: one zone serves them all.
  AR: { default: 'America/Argentina/Buenos_Aires', regions: [] },
  BR: {
    default: 'America/Sao_Paulo',
    regions: [
      [['AC', 'Acre'], 'America/Rio_Branco'],
      [['AM', 'Amazonas'], 'America/Manaus'],
      [['RR', 'Roraima'], 'America/Boa_Vista'],
      [['RO', 'Rondônia'], 'America/Porto_Velho'],
      [['MT', 'Mato Grosso'], 'America/Cuiaba'],
      [['MS', 'Mato Grosso do Sul'], 'America/Campo_Grande'],
      [['PA', 'Pará', 'AP', 'Amapá'], 'America/Belem'],
      [['TO', 'Tocantins'], 'America/Araguaina'],
      [['MA', 'Maranhão', 'PI', 'Piauí', 'CE', 'Ceará', 'RN', 'Rio Grande do Norte', 'PB', 'Paraíba'], 'America/Fortaleza'],
      [['PE', 'Pernambuco'], 'America/Recife'],
      [['AL', 'Alagoas', 'SE', 'Sergipe'], 'America/Maceio'],
      [['BA', 'Bahia'], 'America/Bahia'],
    ],
  },
  MX: {
    // Mexico ended daylight saving in 2022: the center, Chihuahua, Coahuila, Nuevo León and Tamaulipas share UTC-6.
    default: 'America/Mexico_City',
    regions: [
      [['BC', 'BCN', 'Baja California'], 'America/Tijuana'],
      [['BCS', 'BS', 'Baja California Sur', 'SIN', 'SI', 'Sinaloa', 'NAY', 'NA', 'Nayarit'], 'America/Mazatlan'],
      [['SON', 'SO', 'Sonora'], 'America/Hermosillo'],
      [['ROO', 'QR', 'Q ROO', 'QROO', 'Quintana Roo'], 'America/Cancun'],
      [['CHH', 'CH', 'CHIH', 'Chihuahua'], 'America/Chihuahua'],
    ],
  },
  CL: {
    default: 'America/Santiago',
    regions: [[['MA', 'Magallanes', 'Magallanes y de la Antártica Chilena', 'Magallanes y la Antártica Chilena', 'Región de Magallanes y de la Antártica Chilena'], 'America/Punta_Arenas']],
  },
  ES: {
    default: 'Europe/Madrid',
    regions: [
      [['CN', 'Canarias', 'Canary Islands', 'Islas Canarias', 'GC', 'Las Palmas', 'TF', 'Santa Cruz de Tenerife'], 'Atlantic/Canary'],
      [['CE', 'Ceuta', 'ML', 'Melilla'], 'Africa/Ceuta'],
    ],
  },
  PT: {
    default: 'Europe/Lisbon',
    regions: [
      [['20', 'Açores', 'Azores', 'Região Autónoma dos Açores'], 'Atlantic/Azores'],
      [['30', 'Madeira', 'Região Autónoma da Madeira'], 'Atlantic/Madeira'],
    ],
  },
  CA: {
    default: null,
    regions: [
      [['BC', 'British Columbia', 'Colombie-Britannique'], 'America/Vancouver'],
      [['AB', 'Alberta', 'NT', 'Northwest Territories', 'Territoires du Nord-Ouest'], 'America/Edmonton'],
      [['SK', 'Saskatchewan'], 'America/Regina'],
      [['MB', 'Manitoba'], 'America/Winnipeg'],
      [['ON', 'Ontario', 'QC', 'Quebec', 'Québec'], 'America/Toronto'],
      [['NB', 'New Brunswick', 'Nouveau-Brunswick'], 'America/Moncton'],
      [['NS', 'Nova Scotia', 'Nouvelle-Écosse', 'PE', 'Prince Edward Island', 'Île-du-Prince-Édouard'], 'America/Halifax'],
      [['NL', 'Newfoundland and Labrador', 'Terre-Neuve-et-Labrador'], 'America/St_Johns'],
      [['YT', 'Yukon'], 'America/Whitehorse'],
      [['NU', 'Nunavut'], 'America/Iqaluit'],
    ],
  },
  US: {
    default: null,
    regions: [
      [['CT', 'Connecticut', 'DE', 'Delaware', 'DC', 'District of Columbia', 'FL', 'Florida', 'GA', 'Georgia', 'ME', 'Maine', 'MD', 'Maryland',
        'MA', 'Massachusetts', 'NH', 'New Hampshire', 'NJ', 'New Jersey', 'NY', 'New York', 'NC', 'North Carolina', 'OH', 'Ohio',
        'PA', 'Pennsylvania', 'RI', 'Rhode Island', 'SC', 'South Carolina', 'VT', 'Vermont', 'VA', 'Virginia', 'WV', 'West Virginia',
        'KY', 'Kentucky'], 'America/New_York'],
      [['MI', 'Michigan'], 'America/Detroit'],
      [['IN', 'Indiana'], 'America/Indiana/Indianapolis'],
      [['AL', 'Alabama', 'AR', 'Arkansas', 'IL', 'Illinois', 'IA', 'Iowa', 'KS', 'Kansas', 'LA', 'Louisiana', 'MN', 'Minnesota', 'MS', 'Mississippi',
        'MO', 'Missouri', 'NE', 'Nebraska', 'ND', 'North Dakota', 'OK', 'Oklahoma', 'SD', 'South Dakota', 'TN', 'Tennessee', 'TX', 'Texas',
        'WI', 'Wisconsin'], 'America/Chicago'],
      [['CO', 'Colorado', 'MT', 'Montana', 'NM', 'New Mexico', 'UT', 'Utah', 'WY', 'Wyoming'], 'America/Denver'],
      [['ID', 'Idaho'], 'America/Boise'],
      [['AZ', 'Arizona'], 'America/Phoenix'],
      [['CA', 'California', 'NV', 'Nevada', 'OR', 'Oregon', 'WA', 'Washington'], 'America/Los_Angeles'],
      [['AK', 'Alaska'], 'America/Anchorage'],
      [['HI', 'Hawaii'], 'Pacific/Honolulu'],
      [['PR', 'Puerto Rico'], 'America/Puerto_Rico'],
      [['VI', 'U.S. Virgin Islands', 'Virgin Islands'], 'America/St_Thomas'],
      [['GU', 'Guam', 'MP', 'Northern Mariana Islands'], 'Pacific/Guam'],
      [['AS', 'American Samoa'], 'Pacific/Pago_Pago'],
    ],
  },
  // Single zones the stores serve, named here rather than left to the runtime's region data.
  CO: { default: 'America/Bogota', regions: [] },
  FR: { default: 'Europe/Paris', regions: [] },
  GB: { default: 'Europe/London', regions: [] },
};

/** "São Paulo", "SAO PAULO" and "sao-paulo" are one key; "MX-BCN" is "bcn". */
function key(text: string, country: string): string {
  const withoutCountry = text.trim().toUpperCase().startsWith(`${country}-`) ? text.trim().slice(country.length + 1) : text.trim();
  return withoutCountry.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

const lookup = new Map<string, { default: string | null; regions: Map<string, string> }>(
  Object.entries(countries).map(([country, zones]) => [country, {
    default: zones.default,
    regions: new Map(zones.regions.flatMap(([aliases, zone]) => aliases.map((alias) => [key(alias, country), zone] as const))),
  }]),
);

/** The runtime's single zone of a country (ICU's region data), when the country has exactly one. */
function singleZoneOf(country: string): string | null {
  try {
    const locale = new Intl.Locale(`und-${country}`) as Intl.Locale & { timeZones?: string[]; getTimeZones?: () => string[] };
    const zones = locale.getTimeZones?.() ?? locale.timeZones;
    return zones?.length === 1 ? (zones[0] as string) : null;
  } catch {
    return null;
  }
}

export interface ShopperPlace {
  /** ISO 3166-1 alpha-2 code. */
  country: string | null | undefined;
  /** State, province or region: a code of ISO 3166-2, Shopify or WooCommerce, or its name. */
  region?: string | null | undefined;
}

/**
 * The IANA zone where the shopper is, from the address the order ships to; null when the address does not
 * say (no country, an unknown one, a region the table cannot place): the store's zone applies then.
 */
export function shopperTimeZone(place: ShopperPlace): string | null {
  const country = place.country?.trim().toUpperCase();
  if (!country || !/^[A-Z]{2}$/.test(country)) return null;
  const zones = lookup.get(country);
  if (!zones) return singleZoneOf(country);
  const region = place.region ? zones.regions.get(key(place.region, country)) : undefined;
  return region ?? zones.default;
}

/** The first address that places the shopper (shipping first, then billing), as a zone. */
export function shopperTimeZoneOf(...places: ShopperPlace[]): string | null {
  for (const place of places) {
    const zone = shopperTimeZone(place);
    if (zone) return zone;
  }
  return null;
}
