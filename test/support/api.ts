import { expectDocumented } from './openapi-check.ts';

/**
 * A small client for the local gateway: real HTTP, raw enough to send bad input on purpose. Every
 * answer is checked against the OpenAPI document (a test fails on one the document does not describe).
 */
export type ApiResponse<T = unknown> = { status: number; headers: Headers; body: T; text: string };

export function apiUrl(path: string): string {
  const base = process.env.SHOP_API_URL;
  if (base === undefined) throw new Error('SHOP_API_URL is not set: run the integration tests through jest.');
  return `${base}${path}`;
}

type Options = { body?: unknown; rawBody?: string; headers?: Record<string, string> };

export async function api<T = Record<string, unknown>>(method: string, path: string, options: Options = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const url = apiUrl(path);
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  expectDocumented({ method, url, status: response.status, headers: response.headers, text });
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}
