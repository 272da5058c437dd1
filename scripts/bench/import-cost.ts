/**
 * Where our share of the load time goes (opt-in: --import-cost). Each npm package our bundles hold
 * beyond their floor is imported whole on top of that floor, and its load time is set against the
 * floor's alone: the package's marginal cost where it really runs, with the built-ins the floor already
 * loads (node:http, node:crypto...) already paid. "Whole" can be more than we use, so it is an upper bound.
 */
import type { BuildOptions } from 'esbuild';
import { coldRun, median, type ColdSubject } from './cold-init.ts';
import type { Invocation } from './events.ts';
import { buildFloor } from './floor.ts';

export type ImportCostGroup = {
  /** The SDK packages of the floor these functions share. */
  clients: string[];
  /** Packages beyond the floor, with the most bytes any of the functions holds of each. */
  packages: Array<[name: string, bytes: number]>;
  env: Record<string, string>;
  floorInvocation: Invocation;
};

export type ImportCost = { clients: string[]; what: string; bytes: number; loadMs: number; deltaMs: number };

export async function importCosts(
  root: string,
  options: BuildOptions,
  outDir: string,
  runner: string,
  runs: number,
  groups: ImportCostGroup[],
  progress: (message: string) => void,
): Promise<ImportCost[]> {
  const costs: ImportCost[] = [];
  for (const group of groups) {
    const names = group.packages.map(([name]) => name);
    const variants = [
      { what: '(floor alone)', extras: [] as string[], bytes: 0 },
      ...group.packages.map(([name, bytes]) => ({ what: name, extras: [name], bytes })),
      { what: 'all of the above together', extras: names, bytes: group.packages.reduce((sum, [, bytes]) => sum + bytes, 0) },
    ];
    const subjects = await Promise.all(
      variants.map(async (variant): Promise<ColdSubject> => {
        const { file } = await buildFloor(root, group.clients, options, outDir, { extras: variant.extras });
        return { file, exportName: 'handler', env: group.env, invocation: () => group.floorInvocation };
      }),
    );
    const loads = variants.map(() => [] as number[]);
    progress(`import cost: floor ${group.clients.join('+') || 'no-sdk'}, ${variants.length} bundles x (1 warm-up + ${runs} runs)`);
    for (let n = 0; n <= runs; n++) {
      for (const [i, subject] of subjects.entries()) {
        const sample = await coldRun(runner, subject, n);
        if (n > 0) loads[i]?.push(sample.loadMs);
      }
    }
    const floorLoad = median(loads[0] ?? []);
    variants.forEach((variant, i) => {
      const loadMs = median(loads[i] ?? []);
      costs.push({ clients: group.clients, what: variant.what, bytes: variant.bytes, loadMs, deltaMs: loadMs - floorLoad });
    });
  }
  return costs;
}
