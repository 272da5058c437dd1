import type * as z from './zod.ts';

/**
 * Reads configuration from the environment once (call it at module scope) and fails the cold start with
 * the names of the variables that are missing or wrong. Use cases never read process.env.
 */
export function readConfig<S extends z.ZodMiniType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  return result.data;
}
