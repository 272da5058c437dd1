/**
 * `npm run openapi [-- --out <file>]`: writes the OpenAPI document of the HTTP API, made from the
 * routes' zod schemas (scripts/openapi/document.ts), to docs/openapi.json or the file given. The
 * gateway serves that file at GET /openapi.json, and the client (client/) is generated from it.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DOCUMENT_FILE, documentText } from './openapi/document-file.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: DOCUMENT_FILE } } });
const out = resolve(values.out);
writeFileSync(out, documentText());
console.log(`The OpenAPI document is in ${out}`);
