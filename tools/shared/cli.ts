/** Command-line parsing shared by the plan and verify CLIs. */

/** Bad command-line usage; the CLIs print the message (with usage) and exit 2, or 0 for --help. */
export class UsageError extends Error {
    constructor(
        message: string,
        /** True when the user asked for help: print to stdout and exit 0. */
        readonly help = false,
    ) {
        super(message);
    }
}

/** One flag: the option key it sets, and whether it takes a value or sets a constant. */
export type FlagSpec<T> =
    { readonly key: keyof T; readonly value: true } | { readonly key: keyof T; readonly set: unknown };

/**
 * Parses `argv` into `initial` by the flag table. Values may be `-` (stdin); any other value
 * starting with `--` is taken as a missing value. `--help`/`-h` throws a help UsageError.
 */
export function parseFlags<T extends object>(
    argv: readonly string[],
    flags: Readonly<Record<string, FlagSpec<T>>>,
    usage: string,
    initial: T,
): T {
    const options = { ...initial } as Record<keyof T, unknown>;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--help" || arg === "-h") throw new UsageError(usage, true);
        const flag = flags[arg];
        if (flag === undefined) throw new UsageError(`unknown argument ${arg}\n\n${usage}`);
        if ("value" in flag) {
            const value = argv[++i];
            if (value === undefined || (value.startsWith("--") && value !== "-"))
                throw new UsageError(`${arg} needs a value\n\n${usage}`);
            options[flag.key] = value;
        } else {
            options[flag.key] = flag.set;
        }
    }
    return options as T;
}

/**
 * Exits 2 with `error: <message>` when the event loop empties before the CLI has exited: a promise it
 * awaits never settled, and node would otherwise end the process with exit 0 and no output.
 */
export function exitWhenStalled(message: string): void {
    process.once("beforeExit", () => {
        process.stderr.write(`error: ${message}\n`, () => process.exit(2));
    });
}
