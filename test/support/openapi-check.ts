/**
 * Every answer the integration tests get from the API, held to what the OpenAPI document says of it:
 * its status is one the operation lists, its headers those the response declares, its body valid
 * under the response's schema in the media type it names. A request to a route the document lacks
 * must meet the gateway's 404. test/support/api.ts and the client the tests use both check here.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import document from '../../docs/openapi.json';

type Ref = { $ref: string };
type Header = { required?: boolean; schema: object };
type Answer = { description: string; headers?: Record<string, Header | Ref>; content?: Record<string, { schema: object }> };
type Operation = { operationId: string; responses: Record<string, Answer | Ref> };
type Document = { paths: Record<string, Record<string, Operation>>; components: Record<string, Record<string, unknown>> };

const doc = document as unknown as Document;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(document, 'openapi');

const pointer = (...parts: string[]) => parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** The document's object a `$ref` names, with the pointer to it (for schemas, ajv resolves refs itself). */
function resolve<T extends object>(value: T | Ref, at: string): { value: T; at: string } {
  if (!('$ref' in value)) return { value, at };
  const path = value.$ref.replace(/^#\//, '');
  const found = path.split('/').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
  return { value: found as T, at: path };
}

function validate(at: string, value: unknown): string | undefined {
  const check = ajv.getSchema(`openapi#/${at}`);
  if (check === undefined) return `no schema at ${at}`;
  if (check(value)) return undefined;
  return ajv.errorsText(check.errors, { dataVar: 'body' });
}

/** The route the document has for this path: a literal path before one with parameters (/orders/health, /orders/{id}). */
function routeOf(path: string): string | undefined {
  const matching = Object.keys(doc.paths).filter((template) =>
    new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^/]+\}/g, '[^/]+')}$`).test(path),
  );
  return matching.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))[0];
}

export type Exchange = { method: string; url: string; status: number; headers: Headers; text: string };

/** What is wrong with this answer, as the document has it; undefined when nothing is. */
export function contractBreach({ method, url, status, headers, text }: Exchange): string | undefined {
  const path = new URL(url).pathname;
  const route = routeOf(path);
  const operation = route === undefined ? undefined : doc.paths[route]?.[method.toLowerCase()];
  if (route === undefined || operation === undefined) {
    return status === 404 ? undefined : `${method} ${path} is not in the document, yet it answered ${status} (the gateway answers 404 to a route it lacks)`;
  }
  const name = `${method} ${route} (${operation.operationId}) answered ${status}`;
  const listed = operation.responses[String(status)];
  if (listed === undefined) return `${name}, which the document does not list (it lists ${Object.keys(operation.responses).join(', ')})`;
  const { value: answer, at } = resolve(listed, pointer('paths', route, method.toLowerCase(), 'responses', String(status)));

  for (const [header, declared] of Object.entries(answer.headers ?? {})) {
    const { value, at: headerAt } = resolve(declared, `${at}/headers/${pointer(header)}`);
    const sent = headers.get(header);
    if (sent === null) {
      if (value.required === true) return `${name} without its ${header} header`;
      continue;
    }
    const wrong = validate(`${headerAt}/schema`, sent);
    if (wrong !== undefined) return `${name} with a ${header} header of ${sent}: ${wrong}`;
  }

  if (answer.content === undefined) return text === '' ? undefined : `${name} with a body, where the document says none: ${text.slice(0, 200)}`;
  const type = (headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (answer.content[type] === undefined) return `${name} as ${type || 'no content type'}; the document says ${Object.keys(answer.content).join(' or ')}`;
  let body: unknown = text;
  if (/[/+]json$/.test(type)) {
    try {
      body = JSON.parse(text);
    } catch {
      return `${name} with a body that is not JSON: ${text.slice(0, 200)}`;
    }
  }
  const wrong = validate(`${at}/content/${pointer(type)}/schema`, body);
  return wrong === undefined ? undefined : `${name} with a body the document does not allow: ${wrong}\n${text.slice(0, 500)}`;
}

/** Throws when the answer breaks the document, naming the route, the status and what is wrong. */
export function expectDocumented(exchange: Exchange): void {
  const breach = contractBreach(exchange);
  if (breach !== undefined) throw new Error(`The API broke its OpenAPI document (docs/openapi.json): ${breach}`);
}

/** fetch, with every answer checked against the document: what the client is given in the tests. */
export const documentedFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const response = await fetch(request);
  expectDocumented({ method: request.method, url: request.url, status: response.status, headers: response.headers, text: await response.clone().text() });
  return response;
};
