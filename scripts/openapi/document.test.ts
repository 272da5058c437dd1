/**
 * The OpenAPI document stays true: the committed file is what the schemas make, it names exactly the
 * routes the stacks define (with their authorizers), and a real OpenAPI 3.1 linter passes it.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { DOCUMENT_FILE, documentText } from './document-file.ts';
import { routeDrift, type RouteLine } from './route-drift.ts';

const ROOT = resolve(__dirname, '../..');

type HttpApiEvent = string | { method: string; path: string; authorizer?: string };
type FunctionsYml = Record<string, { events?: Array<{ httpApi?: HttpApiEvent }> }>;
type Document = { paths: Record<string, Record<string, { operationId: string; security: Array<Record<string, unknown>> }>> };

/** Every httpApi route of every service's functions.yml: the function, the route and its authorizer. */
function stackRoutes(): RouteLine[] {
  const services = readdirSync(join(ROOT, 'functions'), { withFileTypes: true }).filter((entry) => entry.isDirectory());
  return services.flatMap(({ name }) => {
    // CloudFormation's tags (!GetAtt …) are kept as they are: only the routes are read here.
    const functions = parse(readFileSync(join(ROOT, 'functions', name, 'functions.yml'), 'utf8'), { customTags: cloudFormationTags }) as FunctionsYml;
    return Object.entries(functions).flatMap(([key, fn]) =>
      (fn.events ?? []).flatMap(({ httpApi }) => {
        if (httpApi === undefined) return [];
        const [method, path] = typeof httpApi === 'string' ? httpApi.split(' ') : [httpApi.method, httpApi.path];
        const authorizer = typeof httpApi === 'string' ? undefined : /authorizers\.(\w+)\}/.exec(httpApi.authorizer ?? '')?.[1];
        return [{ operation: key, route: `${String(method).toUpperCase()} ${path}`, auth: authorizer ?? 'public' }];
      }),
    );
  });
}

const cloudFormationTags = ['!GetAtt', '!Ref', '!Sub', '!Join', '!Select', '!Split', '!ImportValue'].flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, resolve: (value: unknown) => value },
]);

function documentRoutes(document: Document): RouteLine[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      operation: operation.operationId,
      route: `${method.toUpperCase()} ${path}`,
      auth: Object.keys(operation.security[0] ?? {})[0] ?? 'public',
    })),
  );
}

describe('the OpenAPI document', () => {
  it('is written as the schemas make it (else: npm run openapi)', () => {
    expect(readFileSync(DOCUMENT_FILE, 'utf8')).toBe(documentText());
  });

  it('describes every route of the stacks, with its authorizer, and no route they lack', () => {
    const document = JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8')) as Document;

    expect(routeDrift(stackRoutes(), documentRoutes(document))).toEqual([]);
  });

  it('tells a route the document lacks, one it has that no stack defines, and an authorizer that differs', () => {
    const stacks = [
      { operation: 'getProduct', route: 'GET /products/{id}', auth: 'public' },
      { operation: 'deleteProduct', route: 'DELETE /products/{id}', auth: 'admin' },
      { operation: 'getMe', route: 'GET /users/me', auth: 'signedIn' },
    ];
    const document = [
      { operation: 'getProduct', route: 'GET /products/{id}', auth: 'public' },
      { operation: 'deleteProduct', route: 'DELETE /products/{id}', auth: 'signedIn' },
      { operation: 'listUsers', route: 'GET /users', auth: 'admin' },
    ];

    expect(routeDrift(stacks, document)).toEqual([
      'DELETE /products/{id} (deleteProduct): the stacks guard it with admin, the document with signedIn',
      'GET /users/me (getMe, signedIn) is in the stacks but not in the document',
      'GET /users (listUsers, admin) is in the document but in no stack',
    ]);
  });

  it('passes the OpenAPI 3.1 linter (redocly lint, recommended rules) without an error or a warning', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', DOCUMENT_FILE, '--format=json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const report = JSON.parse(run.stdout) as { totals: { errors: number; warnings: number }; problems: Array<{ ruleId: string; message: string }> };

    expect(report.problems.map(({ ruleId, message }) => `${ruleId}: ${message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(run.status).toBe(0);
  });
});
