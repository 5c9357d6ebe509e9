/** Whether dist/ was built after every source and configuration file last changed. */
export function buildIsCurrent(): boolean
/** Compiles src/ into dist/ and copies the files its modules read; throws when the compiler fails. */
export function build(): void
/** The node arguments that run an entry point: the compiled file while current, else the source through tsx. */
export function entryArgs(entry: string): string[]
