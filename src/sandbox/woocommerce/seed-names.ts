/** Word pools for the synthetic store: several scripts and accents, so encoding mistakes show. */
export const categoryNames = [
  'Mate & Yerba', 'Café', 'Té y Tisanas', 'Accesorios', 'Küche', 'Регалии', 'お茶', 'Outdoor', 'Ñandú Crafts', 'Cerámica', 'Textiles', 'Ofertas',
  'Librería', 'Hogar', 'Jardín', 'Niños', 'Deportes', 'Música', 'Bebidas', 'Dulces',
];
export const productAdjectives = ['Artesanal', 'Clásico', 'Premium', 'Orgánico', 'Grande', 'Mini', 'Édition limitée', 'Ökologisch', 'Ручной', '特製', 'Vintage', 'Nórdico'];
export const productNouns = ['Mate', 'Bombilla', 'Termo', 'Taza', 'Cuenco', 'Kaffeebecher', 'Чайник', '茶碗', 'Manta', 'Delantal', 'Cuaderno', 'Alfajor', 'Tetera', 'Molinillo'];
export const emoji = ['🧉', '☕', '🍵', '✨', ''];
export const tagNames = ['regalo', 'nuevo', 'eco', 'handmade', 'bestseller', 'sale'];
export const firstNames = ['Zoë', 'José', 'María', 'Søren', 'Łukasz', 'Ayşe', 'Nguyễn', 'Chloé', 'Björn', 'Ana', 'Liam', 'Olivia', 'Mateo', 'Sofía', 'Hiroshi', 'Анна'];
export const lastNames = ['García', 'Müller', "O'Brien", 'Núñez', 'Kowalski', 'Yılmaz', 'Dubois', 'Smith', 'Rossi', 'Pérez', 'Tanaka', 'Иванова', 'Fernández'];
export const cities: [string, string, string][] = [
  ['Buenos Aires', 'C', 'AR'], ['Córdoba', 'X', 'AR'], ['Madrid', 'M', 'ES'], ['München', 'BY', 'DE'], ['Kraków', '', 'PL'],
  ['Montréal', 'QC', 'CA'], ['São Paulo', 'SP', 'BR'], ['Austin', 'TX', 'US'], ['Lyon', '', 'FR'], ['Kyoto', '', 'JP'],
];
export const streets = ['Av. Corrientes', 'Calle Mayor', 'Hauptstraße', 'Rue de la Paix', 'Main St', 'Rua Augusta', 'ul. Floriańska'];
export const carriers = ['UPS', 'DHL', 'USPS', 'Correos', 'Andreani', 'FedEx'];

/** An ASCII local part for an email address built from a unicode name. */
export function asciiName(value: string): string {
  const ascii = value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-zA-Z]/g, '').toLowerCase();
  return ascii || 'shopper';
}
