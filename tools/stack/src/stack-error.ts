/** A setup problem that the launcher reports as one line saying what is wrong and how to fix it. */
export class StackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackError';
  }
}
