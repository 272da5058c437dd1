/**
 * The load generator's calls to the shop's HTTP API, in one small module (plain fetch) so that a
 * typed client can take its place. It sends only to the origin it was given: a path that would lead
 * elsewhere is refused, and redirects are not followed. Every call is noted (its route, status and
 * time) for the summary; a call that got no answer has status 0.
 */
export type Call = { route: string; status: number; ms: number; at: number };
export type Answer<T = Record<string, unknown>> = { status: number; headers: Headers; body: T };

export type Send = { body?: unknown; token?: string; headers?: Record<string, string> };

/** Long enough for a busy machine's slowest answer; a call past it counts as unanswered. */
const CALL_TIMEOUT_MS = 30_000;

export class ApiClient {
  readonly #base: URL;
  readonly #noted: (call: Call) => void;

  constructor(base: string, noted: (call: Call) => void) {
    this.#base = new URL(base);
    if (!['http:', 'https:'].includes(this.#base.protocol)) throw new Error(`The API's URL must be http or https, not ${base}.`);
    this.#noted = noted;
  }

  /** The URL of `path` under the base, or an error if it would leave the base's origin. */
  urlOf(path: string): URL {
    if (!path.startsWith('/') || path.startsWith('//')) throw new Error(`Not a path on the API: ${path}`);
    const url = new URL(`${this.#base.pathname.replace(/\/$/, '')}${path}`, this.#base);
    if (url.origin !== this.#base.origin) throw new Error(`${path} leads off ${this.#base.origin}; not sent.`);
    return url;
  }

  /** `route` names the call in the summary (`GET /products/{id}`); `path` is what is sent. */
  async call<T = Record<string, unknown>>(route: string, path: string, { body, token, headers = {} }: Send = {}): Promise<Answer<T>> {
    const method = route.split(' ')[0] ?? 'GET';
    const at = Date.now();
    const sent: Record<string, string> = { ...headers };
    if (token !== undefined) sent.authorization = `Bearer ${token}`;
    if (body !== undefined) sent['content-type'] = 'application/json';
    // Outside the try: a path that leads off the address given is the caller's error, not a failed call.
    const url = this.urlOf(path);
    try {
      const response = await fetch(url, {
        method,
        headers: sent,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
      const text = await response.text();
      this.#noted({ route, status: response.status, ms: Date.now() - at, at });
      return { status: response.status, headers: response.headers, body: parsed(text) as T };
    } catch {
      this.#noted({ route, status: 0, ms: Date.now() - at, at });
      return { status: 0, headers: new Headers(), body: {} as T };
    }
  }
}

function parsed(text: string): unknown {
  try {
    return text === '' ? {} : JSON.parse(text);
  } catch {
    return {};
  }
}
