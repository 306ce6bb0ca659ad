/** Runs a benchmark's main function as a command: a failure prints its stack and exits 1. */
export function runBenchMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    process.exit(1);
  });
}
