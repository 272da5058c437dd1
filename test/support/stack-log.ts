import { readFileSync, statSync } from 'node:fs';

/** One line a function wrote through the Powertools logger (lib/logger.ts), as the stack's output holds it. */
export type FunctionLogLine = {
  level: string;
  message: string;
  service: string;
  function_name: string;
  correlation_id?: string;
  [key: string]: unknown;
};

function stackLog(): string {
  const file = process.env.SHOP_STACK_LOG;
  if (file === undefined) throw new Error('SHOP_STACK_LOG is not set: run under the integration project.');
  return file;
}

/** Where the stack's log ends now, in bytes: pass it to functionLogLines or stackLogSince to read only what comes after. */
export const stackLogMark = (): number => statSync(stackLog()).size;

/** All the stack wrote since `mark`, as text (the mark counts bytes; the log holds more than ASCII, λ among them). */
export const stackLogSince = (mark: number): string => readFileSync(stackLog()).subarray(mark).toString('utf8');

/**
 * The function log lines written since `mark`: the stack's output also holds serverless-offline's own
 * lines and other JSON (metrics), so only JSON lines naming a service and a function count.
 */
export function functionLogLines(mark = 0): FunctionLogLine[] {
  return stackLogSince(mark).split('\n').filter((line) => line.startsWith('{')).map(jsonOf).filter(isFunctionLine);
}

function jsonOf(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

function isFunctionLine(value: unknown): value is FunctionLogLine {
  const { service, function_name } = (value ?? {}) as Partial<FunctionLogLine>;
  return typeof service === 'string' && typeof function_name === 'string';
}
