/**
 * What `npm run deploy -- web` does once the web stack is up: build the storefront, write its
 * config.json with the API's URL, and upload it to the stack's bucket. Both the URL and the bucket are
 * found by name in SSM, as every stack finds the others. The steps that touch AWS or the disk are
 * ports (the real ones are at the end), so the flow is tested without an account.
 *
 * Why a config.json written at deploy rather than the URL built into the app: one build serves every
 * stage (and `npm start`, which answers config.json itself), and the app need not be rebuilt when only
 * the API's URL changes.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetParameterCommand, ParameterNotFound, type SSMClient } from '@aws-sdk/client-ssm';

export type Upload = { from: string; to: string; cacheControl: string; exclude?: string[]; deleteStale?: boolean };

export type StorefrontPorts = {
  /** An SSM parameter's value, or undefined when it does not exist. */
  parameter(name: string): Promise<string | undefined>;
  /** Builds the app into `dist`; gives the exit status. */
  build(): number;
  /** Writes the app's config.json into `dist`. */
  writeConfig(config: { apiUrl: string }): void;
  /** Uploads a folder to an S3 URL; gives the exit status. */
  upload(upload: Upload): number;
  log(line: string): void;
  error(line: string): void;
};

/** Hashed file names change with their content: a year, immutable. The rest is asked for again each time. */
export const ASSETS_CACHE = 'public, max-age=31536000, immutable';
export const PAGE_CACHE = 'no-cache';

export const webParameters = (stage: string) => ({ apiUrl: `/shop/${stage}/gateway/url`, bucket: `/shop/${stage}/web/bucket`, url: `/shop/${stage}/web/url` });

export async function publishStorefront(stage: string, dist: string, ports: StorefrontPorts): Promise<number> {
  const names = webParameters(stage);
  const [apiUrl, bucket, url] = await Promise.all([ports.parameter(names.apiUrl), ports.parameter(names.bucket), ports.parameter(names.url)]);
  if (apiUrl === undefined) {
    ports.error(`web: ${names.apiUrl} does not exist: deploy the gateway first (npm run deploy -- gateway --stage ${stage}).`);
    return 1;
  }
  if (bucket === undefined || url === undefined) {
    ports.error(`web: ${names.bucket} or ${names.url} does not exist: the web stack did not deploy.`);
    return 1;
  }
  ports.log('\nweb: building the storefront');
  if (ports.build() !== 0) {
    ports.error('web: the build failed; nothing was uploaded.');
    return 1;
  }
  ports.writeConfig({ apiUrl });
  // The hashed assets first, so that no index.html is ever served that names a file not there yet.
  // Old assets are kept: a page loaded before this deploy may still ask for them.
  const steps: Upload[] = [
    { from: join(dist, 'assets'), to: `s3://${bucket}/assets`, cacheControl: ASSETS_CACHE },
    { from: dist, to: `s3://${bucket}`, cacheControl: PAGE_CACHE, exclude: ['assets/*'], deleteStale: true },
  ];
  for (const step of steps) {
    ports.log(`web: uploading ${step.from} to ${step.to}`);
    if (ports.upload(step) !== 0) {
      ports.error(`web: the upload to ${step.to} failed.`);
      return 1;
    }
  }
  ports.log(`\nThe storefront of stage ${stage}: ${url} (its API: ${apiUrl})`);
  return 0;
}

/** The real ports: npm and the AWS CLI (`aws s3 sync`) in the chosen region, SSM through the SDK. */
export function storefrontPortsIn(root: string, dist: string, region: string, ssm: SSMClient): StorefrontPorts {
  return {
    parameter: async (name) => {
      try {
        return (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
      } catch (error) {
        if (error instanceof ParameterNotFound) return undefined;
        throw error;
      }
    },
    build: () => spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' }).status ?? 1,
    writeConfig: (config) => writeFileSync(join(dist, 'config.json'), `${JSON.stringify(config)}\n`),
    upload: ({ from, to, cacheControl, exclude = [], deleteStale = false }) => {
      const args = ['s3', 'sync', from, to, '--region', region, '--cache-control', cacheControl, ...exclude.flatMap((pattern) => ['--exclude', pattern])];
      const run = spawnSync('aws', [...args, ...(deleteStale ? ['--delete'] : [])], { stdio: 'inherit' });
      const failure: NodeJS.ErrnoException | undefined = run.error;
      if (failure?.code === 'ENOENT') console.error('web: the AWS CLI (aws) is needed to upload the storefront, and was not found.');
      return run.status ?? 1;
    },
    log: (line) => console.log(line),
    error: (line) => console.error(line),
  };
}
