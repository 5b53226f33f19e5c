// Errors with a meaning for the exit code. Kept tiny: cli.ts loads it on every run.

/** A mistake in how hub was called (a bad flag value, no hub folder): exit 2. */
export class UsageError extends Error {}

/** The user pressed Ctrl-C at a prompt: exit 130, nothing written. */
export class CancelledError extends Error {}
