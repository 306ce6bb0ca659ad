/**
 * `npm run derive:bigcommerce-spec`: derives from BigCommerce's OpenAPI files (../shared/api-specs/bigcommerce,
 * or CUTOVER_BIGCOMMERCE_SPECS) the facts the BigCommerce simulator checks, into
 * src/sandbox/bigcommerce/derived-operations.json. The files themselves stay outside the repository (no licence).
 */
import { writeFileSync } from 'node:fs';
import { BigCommerceSpec, DERIVED_FILE, specDirectory } from '../src/sandbox/bigcommerce/spec';

const spec = new BigCommerceSpec(specDirectory());
writeFileSync(DERIVED_FILE, spec.derived());
console.log(`${spec.operations.length} operations derived into ${DERIVED_FILE}`);
