/**
 * Mocha's spec reporter plus one plain closing line, `tests: N passed, N failed, N skipped`,
 * that CI systems read without knowing mocha's own summary format.
 */
import * as Mocha from "mocha";

class SpecWithTotals extends Mocha.reporters.Spec {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
        super(runner, options);
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            const { passes, failures, pending } = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
            // Printed after the spec summary (which is also written on EVENT_RUN_END).
            setImmediate(() => console.log(`\ntests: ${passes} passed, ${failures} failed, ${pending} skipped`));
        });
    }
}

export = SpecWithTotals;
