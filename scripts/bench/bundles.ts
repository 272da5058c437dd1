/**
 * What is inside each function's bundle. serverless-esbuild keeps no metafile, so each entry is built
 * again with the options serverless.yml gives it (plus `metafile`), and the result is compared with
 * the bundle in the zip, so the breakdown is known to describe what ships.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import type { FunctionSpec } from './package-sizes.ts';

/** Bytes in the minified bundle per npm package, or per top folder of our own code ("lib/", "functions/"). */
export type Breakdown = Map<string, number>;

export type BundleAnalysis = {
  bundleBytes: number;
  /** Whether the rebuild is byte for byte the bundle in the zip. */
  matchesPackage: boolean;
  breakdown: Breakdown;
  /** The AWS SDK client packages it includes, e.g. @aws-sdk/client-dynamodb, @aws-sdk/lib-dynamodb. */
  sdkClients: string[];
};

// serverless-esbuild's own settings, which it removes before calling esbuild (see its bundle.ts).
const PLUGIN_ONLY = [
  'concurrency', 'zipConcurrency', 'exclude', 'nativeZip', 'packager', 'packagePath', 'watch', 'keepOutputDirectory',
  'packagerOptions', 'installExtraArgs', 'outputFileExtension', 'outputBuildFolder', 'outputWorkFolder', 'nodeExternals',
  'skipBuild', 'skipRebuild', 'skipBuildExcludeFns', 'stripEntryResolveExtensions', 'disposeContext',
];

/** The esbuild options serverless-esbuild derives from `custom.esbuild`. */
export function esbuildOptions(custom: Record<string, unknown>): BuildOptions {
  const options = Object.fromEntries(Object.entries(custom).filter(([key]) => !PLUGIN_ONLY.includes(key))) as BuildOptions;
  const extension = custom.outputFileExtension;
  const exclude = Array.isArray(custom.exclude) ? (custom.exclude as string[]) : [];
  return {
    ...options,
    external: [...(options.external ?? []), ...(exclude.includes('*') ? [] : exclude)],
    ...(typeof extension === 'string' && extension !== '.js' ? { outExtension: { '.js': extension } } : {}),
  };
}

export async function analyseBundle(root: string, fn: FunctionSpec, options: BuildOptions): Promise<BundleAnalysis> {
  const entry = ['.ts', '.mts', '.js', '.mjs'].map((extension) => `${fn.module}${extension}`);
  const result = await build({
    ...options,
    entryPoints: entry.filter((file) => existsSync(join(root, file))).slice(0, 1),
    absWorkingDir: root,
    outdir: join(root, '.bench-never-written'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild gave no output for ${fn.module}.`);
  const shipped = readFileSync(fn.bundleFile);
  const breakdown = breakdownOf(result.metafile);
  return {
    bundleBytes: output.contents.byteLength,
    matchesPackage: Buffer.from(output.contents).equals(shipped),
    breakdown,
    sdkClients: [...breakdown.keys()].filter((name) => /^@aws-sdk\/(client-[a-z0-9-]+|lib-dynamodb)$/.test(name)).sort(),
  };
}

export function breakdownOf(metafile: Metafile): Breakdown {
  const breakdown: Breakdown = new Map();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const owner = ownerOf(input);
      breakdown.set(owner, (breakdown.get(owner) ?? 0) + bytesInOutput);
    }
  }
  return breakdown;
}

/** node_modules/@scope/name/... -> @scope/name; node_modules/a/node_modules/b/... -> b; lib/x.ts -> lib/ */
function ownerOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return `${input.split('/')[0]}/`;
  const [first = '', second = ''] = input.slice(at + 'node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

/** Where the bytes go beyond the floor: per owner, what ours has more of, biggest first. */
export function beyondFloor(ours: Breakdown, floor: Breakdown): Array<[string, number]> {
  return [...ours]
    .map(([owner, bytes]): [string, number] => [owner, bytes - (floor.get(owner) ?? 0)])
    .filter(([, extra]) => extra > 0)
    .sort((a, b) => b[1] - a[1]);
}
