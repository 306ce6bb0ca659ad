import { isKnownTimeZone, quietHoursZone } from '../../src/domain/purchase/quiet-hours';
import { shopperTimeZone, shopperTimeZoneOf } from '../../src/domain/purchase/time-zones';

/** The shopper's zone from the address an order ships to, as each platform writes it. */
describe('the shopper\'s time zone from the shipping address', () => {
  it.each([
    // Argentina: every province shares one offset.
    ['AR', 'C', 'America/Argentina/Buenos_Aires'], ['AR', 'Córdoba', 'America/Argentina/Buenos_Aires'], ['AR', null, 'America/Argentina/Buenos_Aires'],
    // Brazil by state, as a code or a name with or without accents.
    ['BR', 'SP', 'America/Sao_Paulo'], ['BR', 'Amazonas', 'America/Manaus'], ['BR', 'AC', 'America/Rio_Branco'], ['BR', 'Mato Grosso do Sul', 'America/Campo_Grande'],
    ['BR', 'Pernambuco', 'America/Recife'], ['BR', 'Rondonia', 'America/Porto_Velho'], ['BR', null, 'America/Sao_Paulo'],
    // Mexico: ISO (BCN), Shopify (Q ROO, SON) and WooCommerce (BC, QR, SO) codes, names, an ISO code with its country.
    ['MX', 'BCN', 'America/Tijuana'], ['MX', 'BC', 'America/Tijuana'], ['MX', 'Q ROO', 'America/Cancun'], ['MX', 'QR', 'America/Cancun'],
    ['MX', 'SON', 'America/Hermosillo'], ['MX', 'SO', 'America/Hermosillo'], ['MX', 'Sinaloa', 'America/Mazatlan'], ['MX', 'MX-BCS', 'America/Mazatlan'],
    ['MX', 'JAL', 'America/Mexico_City'], ['MX', 'Ciudad de México', 'America/Mexico_City'],
    ['CL', 'RM', 'America/Santiago'], ['CL', 'CL-MA', 'America/Punta_Arenas'], ['CL', 'Magallanes', 'America/Punta_Arenas'],
    ['CO', 'DC', 'America/Bogota'],
    ['US', 'NY', 'America/New_York'], ['US', 'CA', 'America/Los_Angeles'], ['US', 'Texas', 'America/Chicago'], ['US', 'AZ', 'America/Phoenix'],
    ['US', 'HI', 'Pacific/Honolulu'], ['US', 'Colorado', 'America/Denver'], ['US', null, null],
    ['CA', 'BC', 'America/Vancouver'], ['CA', 'QC', 'America/Toronto'], ['CA', 'Québec', 'America/Toronto'], ['CA', 'NL', 'America/St_Johns'], ['CA', 'SK', 'America/Regina'], ['CA', null, null],
    ['ES', 'M', 'Europe/Madrid'], ['ES', 'GC', 'Atlantic/Canary'], ['ES', 'Santa Cruz de Tenerife', 'Atlantic/Canary'], ['ES', null, 'Europe/Madrid'],
    ['PT', 'PT-20', 'Atlantic/Azores'], ['PT', 'Madeira', 'Atlantic/Madeira'], ['PT', 'Lisboa', 'Europe/Lisbon'],
    ['FR', 'IDF', 'Europe/Paris'], ['GB', 'ENG', 'Europe/London'],
    // Any other single-zone country, from the runtime's region data; a multi-zone country not in the table is not placed.
    ['UY', 'MO', 'America/Montevideo'], ['pe', null, 'America/Lima'], ['AU', 'NSW', null], ['', null, null], ['Argentina', null, null],
  ])('%s / %s → %s', (country, region, zone) => {
    expect(shopperTimeZone({ country, region })).toBe(zone);
    if (zone) expect(isKnownTimeZone(zone)).toBe(true);
  });

  it('takes the first address that places the shopper, and quiet hours fall back to the store\'s zone, then UTC', () => {
    expect(shopperTimeZoneOf({ country: 'US', region: null }, { country: 'US', region: 'WA' })).toBe('America/Los_Angeles');
    expect(shopperTimeZoneOf({ country: null }, { country: null })).toBeNull();
    expect(quietHoursZone('Europe/Madrid', 'America/Argentina/Buenos_Aires')).toBe('Europe/Madrid');
    expect(quietHoursZone(null, 'America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
    expect(quietHoursZone('Nowhere/Land', 'Also/Nowhere')).toBe('UTC');
  });
});
