/**
 * docs/messages.md cannot drift from the contracts: every ```json block in it is a message, validated
 * against the contract its `type` and `version` name; every contract exported from lib/contracts has an
 * example there; and every value of an enum field in a contract's data is shown in one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as z from '../zod.ts';

const CONTRACTS_DIR = __dirname;
const DOC_PATH = resolve(__dirname, '../../docs/messages.md');

type Example = { line: number; source: string };
type Contract = { name: string; type: string; version: number; schema: z.ZodMiniObject };

/** The ```json blocks of a markdown text, each with the line its fence opens on. */
function jsonBlocks(markdown: string): Example[] {
  const blocks: Example[] = [];
  const fence = /^```json[^\S\n]*\n([\s\S]*?)^```[^\S\n]*$/gm;
  for (const match of markdown.matchAll(fence)) {
    blocks.push({ line: markdown.slice(0, match.index).split('\n').length, source: match[1] ?? '' });
  }
  return blocks;
}

/** A message contract is an object schema whose `type` and `version` are single literals. */
function asContract(name: string, value: unknown): Contract | undefined {
  if (!(value instanceof z.ZodMiniObject)) return undefined;
  const { type, version } = value.shape as Record<string, unknown>;
  if (!(type instanceof z.ZodMiniLiteral) || !(version instanceof z.ZodMiniLiteral)) return undefined;
  const [typeValue, ...moreTypes] = [...type.def.values];
  const [versionValue, ...moreVersions] = [...version.def.values];
  if (typeof typeValue !== 'string' || typeof versionValue !== 'number' || moreTypes.length + moreVersions.length > 0) {
    return undefined;
  }
  return { name, type: typeValue, version: versionValue, schema: value };
}

/** Every message contract exported by a module of lib/contracts (tests aside). */
async function exportedContracts(): Promise<Contract[]> {
  const modules = readdirSync(CONTRACTS_DIR).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
  const contracts = new Map<unknown, Contract>(); // by schema, so a re-export is one contract
  for (const file of modules) {
    const exports = (await import(join(CONTRACTS_DIR, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) {
      const contract = asContract(`${file}: ${name}`, value);
      if (contract !== undefined && !contracts.has(value)) contracts.set(value, contract);
    }
  }
  return [...contracts.values()];
}

const key = (type: unknown, version: unknown) => `${String(type)} v${String(version)}`;

/** The enum fields directly under a contract's `data`, optional or not, with their values. */
function enumFields(contract: Contract): Array<{ field: string; values: string[] }> {
  const { data } = contract.schema.shape as Record<string, unknown>;
  if (!(data instanceof z.ZodMiniObject)) return [];
  return Object.entries(data.shape as Record<string, unknown>).flatMap(([field, schema]) => {
    const inner = schema instanceof z.ZodMiniOptional ? (schema.def.innerType as unknown) : schema;
    return inner instanceof z.ZodMiniEnum ? [{ field, values: Object.values(inner.def.entries).map(String) }] : [];
  });
}

type Shown = { type?: unknown; version?: unknown; data?: Record<string, unknown> };

/** The block as a message, or why it is not one. */
function parse(source: string): Shown | Error {
  try {
    const value: unknown = JSON.parse(source);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : new Error('not a JSON object');
  } catch (error) {
    return error as Error;
  }
}

const examples = jsonBlocks(readFileSync(DOC_PATH, 'utf8')).map((block) => ({ ...block, message: parse(block.source) }));
const messages = examples.flatMap(({ message }) => (message instanceof Error ? [] : [message]));
let contracts: Contract[] = [];

beforeAll(async () => {
  contracts = await exportedContracts();
});

describe('docs/messages.md', () => {
  it('finds the message contracts in lib/contracts and the examples in the doc', () => {
    expect(contracts.length).toBeGreaterThan(0);
    expect(examples.length).toBeGreaterThan(0);
  });

  it('names each message contract by one type and version only', () => {
    const keys = contracts.map((contract) => key(contract.type, contract.version));

    expect(keys).toEqual([...new Set(keys)]);
  });

  it.each(examples.map((example) => [example.line, example] as const))(
    'has, in the json block at line %i, a message valid against the contract it names',
    (_line, { message }) => {
      expect(message).not.toBeInstanceOf(Error);
      const { type, version } = message as Shown;
      const contract = contracts.find((candidate) => key(candidate.type, candidate.version) === key(type, version));

      expect(contracts.map((known) => key(known.type, known.version))).toContain(key(type, version));
      const result = contract?.schema.safeParse(message);
      const problems = result?.error?.issues.map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`) ?? [];

      expect(problems).toEqual([]);
    },
  );

  it('shows an example of every message contract exported from lib/contracts', () => {
    const shown = new Set(messages.map(({ type, version }) => key(type, version)));
    const missing = contracts.filter((contract) => !shown.has(key(contract.type, contract.version))).map((contract) => contract.name);

    expect(missing).toEqual([]);
  });

  it('shows every value of every enum field of a message, such as each rejection reason', () => {
    const missing = contracts.flatMap((contract) => {
      const ofContract = messages.filter(({ type, version }) => key(type, version) === key(contract.type, contract.version));
      return enumFields(contract).flatMap(({ field, values }) => {
        const shown = new Set(ofContract.map(({ data }) => data?.[field]));
        return values.filter((value) => !shown.has(value)).map((value) => `${contract.name}: data.${field} = ${value}`);
      });
    });

    expect(missing).toEqual([]);
  });
});
