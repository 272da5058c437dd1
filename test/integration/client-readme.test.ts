/** The program client/README.md shows, run as it is against the stack: it places an order and sees it end. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createShopClient } from '@shop/client';
import { apiUrl } from '../support/api.ts';
import { createProduct } from '../support/catalog.ts';

/** The README's first TypeScript block, less its import (handed in instead). */
function readmeProgram(): string {
  const readme = readFileSync(resolve(__dirname, '../../client/README.md'), 'utf8');
  const program = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (program === undefined) throw new Error('client/README.md shows no program');
  return program.replace(/^import .*\n/m, '');
}

describe('the client\'s README', () => {
  it('shows a program of ten lines that places an order and sees it end', async () => {
    await createProduct({ name: '!readme teapot', category: 'kitchen', stock: 100 });
    const printed: string[] = [];
    type AsyncFunctionConstructor = new (...args: string[]) => (...args: unknown[]) => Promise<void>;
    const AsyncFunction = (Object.getPrototypeOf(async () => undefined) as { constructor: AsyncFunctionConstructor }).constructor;
    const program = readmeProgram();
    const run = new AsyncFunction('createShopClient', 'console', program.replace("'http://127.0.0.1:3000'", JSON.stringify(apiUrl(''))));

    await run(createShopClient, { log: (line: string) => printed.push(line) });

    expect(program.trim().split('\n').length + 2).toBeLessThanOrEqual(10);
    expect(printed).toEqual([expect.stringMatching(/^Order [0-9a-f-]{36}: CONFIRMED, 25 EUR$/)]);
  });
});
