// Exit statuses of the command line, and the error that means "the command line or the
// environment is wrong". Scripts tell these apart: 1 says the work found or hit a problem,
// 2 says nothing useful ran because of how the command was called.

export const EXIT = {
  ok: 0,
  problems: 1,
  usage: 2,
} as const;

/** A wrong option, a missing credential, an unknown bucket or topic: printed without a stack trace, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
