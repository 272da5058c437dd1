/** The part of autocannon 9's API the bench uses (the package ships no types). */
declare module 'autocannon' {
  export type Histogram = { average: number; mean: number; stddev: number; min: number; max: number; total: number; p50: number; p90: number; p99: number };

  export type Options = {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    /** Responses whose body differs are counted in `mismatches`. */
    expectBody?: string;
    timeout?: number;
  };

  export type Result = {
    requests: Histogram;
    /** ms */
    latency: Histogram;
    /** s */
    duration: number;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
  };

  export default function autocannon(options: Options): Promise<Result> & { stop(): void };
}
