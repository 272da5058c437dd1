/** An operator script was asked for something it cannot do (exit code 2); the message says what, in one line. */
export class UsageError extends Error {}

/** Node's parseArgs error in its own words ("Unknown option '--x'"), without its advice on positionals that start with "-". */
function argumentsError(error: unknown): UsageError {
  return new UsageError((error as Error).message.split('. ')[0] ?? 'invalid arguments');
}

/** What `parse` returns, or a UsageError in its words when it throws (reading the command line). */
export function asUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw argumentsError(error);
  }
}

/**
 * An operator script's exit code from its `main`: a UsageError is one line on stderr and 2, any other
 * failure its message and 1.
 */
export async function exitCodeOf(script: string, main: () => Promise<number>): Promise<number> {
  try {
    return await main();
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${script}: ${error.message}; see "npm run ${script} -- --help"`);
      return 2;
    }
    const said = error instanceof Error ? (error.name === 'Error' ? error.message : `${error.name}: ${error.message}`) : String(error);
    console.error(`${script}: ${said}`);
    return 1;
  }
}
