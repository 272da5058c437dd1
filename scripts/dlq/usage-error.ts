/** The command was asked for something it cannot do (exit code 2); the message says what, in one line. */
export class UsageError extends Error {}
