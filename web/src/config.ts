/**
 * What the storefront learns at run time, from /config.json beside it: the API's base URL. One build
 * serves every stage; `npm start` answers this file with the local API's URL, and `npm run deploy -- web`
 * writes it with the URL the gateway publishes in SSM.
 */
export type StorefrontConfig = { apiUrl: string };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The config as read, or a ConfigError that says what is wrong with it. */
export function parseConfig(body: unknown): StorefrontConfig {
  const apiUrl = typeof body === 'object' && body !== null ? (body as { apiUrl?: unknown }).apiUrl : undefined;
  if (typeof apiUrl !== 'string' || !/^https?:\/\/[^/]/.test(apiUrl)) throw new ConfigError('config.json names no apiUrl (an http or https URL).');
  return { apiUrl: apiUrl.replace(/\/+$/, '') };
}

export async function loadConfig(fetcher: typeof fetch = fetch): Promise<StorefrontConfig> {
  const response = await fetcher('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new ConfigError(`config.json could not be read (HTTP ${response.status}).`);
  return parseConfig(await response.json().catch(() => undefined));
}
