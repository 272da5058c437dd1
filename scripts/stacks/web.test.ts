import { ASSETS_CACHE, PAGE_CACHE, publishStorefront, webParameters, type StorefrontPorts, type Upload } from './web.ts';

const STAGE = 'dev';
const names = webParameters(STAGE);

/** Ports that record what the deploy did, with SSM holding `parameters` and each step answering as told. */
function fakePorts(parameters: Record<string, string>, { build = 0, upload = () => 0 }: { build?: number; upload?: (step: Upload) => number } = {}) {
  const done: string[] = [];
  const uploads: Upload[] = [];
  const errors: string[] = [];
  const ports: StorefrontPorts = {
    parameter: async (name) => parameters[name],
    build: () => (done.push('build'), build),
    writeConfig: (config) => done.push(`config ${JSON.stringify(config)}`),
    upload: (step) => (done.push(`upload ${step.to}`), uploads.push(step), upload(step)),
    log: () => undefined,
    error: (line) => errors.push(line),
  };
  return { ports, done, uploads, errors };
}

const deployed = { [names.apiUrl]: 'https://api.example.com', [names.bucket]: 'shop-web-dev-bucket', [names.url]: 'https://d1.cloudfront.net' };

describe('npm run deploy -- web, once the stack is up', () => {
  it('builds, writes the API URL found in SSM into config.json, then uploads the hashed assets before the pages', async () => {
    const { ports, done, uploads } = fakePorts(deployed);

    expect(await publishStorefront(STAGE, '/dist', ports)).toBe(0);
    expect(done).toEqual(['build', 'config {"apiUrl":"https://api.example.com"}', 'upload s3://shop-web-dev-bucket/assets', 'upload s3://shop-web-dev-bucket']);
    expect(uploads).toEqual([
      { from: '/dist/assets', to: 's3://shop-web-dev-bucket/assets', cacheControl: ASSETS_CACHE },
      // Old assets stay (a page loaded before the deploy may ask for them); stale pages go.
      { from: '/dist', to: 's3://shop-web-dev-bucket', cacheControl: PAGE_CACHE, exclude: ['assets/*'], deleteStale: true },
    ]);
  });

  it('uploads nothing without the gateway, without the web stack, or when the build fails', async () => {
    const { [names.apiUrl]: _api, ...noGateway } = deployed;
    const { [names.bucket]: _bucket, ...noWebStack } = deployed;
    const runs = [fakePorts(noGateway), fakePorts(noWebStack), fakePorts(deployed, { build: 1 })];

    const codes = await Promise.all(runs.map(({ ports }) => publishStorefront(STAGE, '/dist', ports)));

    expect(codes).toEqual([1, 1, 1]);
    expect(runs.map(({ uploads }) => uploads)).toEqual([[], [], []]);
    expect(runs[0]?.errors.join('\n')).toContain('deploy the gateway first');
    expect(runs[1]?.errors.join('\n')).toContain('the web stack did not deploy');
    expect(runs[2]?.errors.join('\n')).toContain('the build failed');
  });

  it('stops at the first upload that fails, so no page names assets that are not there', async () => {
    const { ports, uploads, errors } = fakePorts(deployed, { upload: () => 1 });

    expect(await publishStorefront(STAGE, '/dist', ports)).toBe(1);
    expect(uploads.map((step) => step.to)).toEqual(['s3://shop-web-dev-bucket/assets']);
    expect(errors).toEqual(['web: the upload to s3://shop-web-dev-bucket/assets failed.']);
  });
});
