/** The part of autocannon 9's API the bench uses (the package ships no types). */
declare module 'autocannon' {
  type Histogram = { average: number; total: number; p50: number; p99: number };
  type Options = { url: string; connections: number; /** s */ duration: number; /** An answer with another body counts in `mismatches`. */ expectBody: string };
  type Result = { requests: Histogram; /** ms */ latency: Histogram; errors: number; timeouts: number; mismatches: number; non2xx: number };
  export default function autocannon(options: Options): Promise<Result>;
}
