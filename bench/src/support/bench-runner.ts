export type CleanupStep = () => Promise<void> | void;

/**
 * Runs a bench's `main` with one list of cleanup steps, undone in reverse order on success, failure and
 * Ctrl-C alike, so no Dovecot, store or app process outlives the run.
 */
export const runBench = (name: string, main: (cleanups: CleanupStep[]) => Promise<void>): void => {
  const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
  const cleanups: CleanupStep[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanUp = (): Promise<void> =>
    (cleaning ??= (async () => {
      for (const step of cleanups.reverse()) {
        try {
          await step();
        } catch (error) {
          log(`cleanup step failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void cleanUp().then(() => process.exit(130));
    });
  }
  main(cleanups).then(
    () => cleanUp().then(() => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(
        `bench/${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      return cleanUp().then(() => process.exit(1));
    },
  );
};
