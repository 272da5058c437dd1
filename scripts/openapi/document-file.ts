import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApiDocument } from './document.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** Where the document is kept: committed, served by the gateway, read by the client's generator. */
export const DOCUMENT_FILE = resolve(ROOT, 'docs/openapi.json');

/** The document as `npm run openapi` writes it. */
export function documentText(): string {
  const { version } = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
  return `${JSON.stringify(openApiDocument(version), null, 2)}\n`;
}
