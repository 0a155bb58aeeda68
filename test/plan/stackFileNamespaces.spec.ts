/**
 * Stack file reading: a config namespace that looks like a typo of a known one is an error listing
 * the known ones (Pulumi silently ignores keys under a namespace no program reads).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadStack, StackFileError } from "../../tools/plan/stackFiles";

function stackDir(config: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-stack-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: mlops-platform\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), `config:\n${config}`);
    return dir;
}

describe("stack files: config namespaces", () => {
    for (const typo of ["mlops-platfrom", "mlops_platform", "MLOps-Platform", "mlopsplatform", "mlops-platform2"]) {
        it(`"${typo}:" is refused, listing the known namespaces`, () => {
            const dir = stackDir(`  ${typo}:environment: dev\n  aws:region: us-east-1\n`);
            assert.throws(
                () => loadStack(dir, { stack: "dev" }),
                (err: unknown) =>
                    err instanceof StackFileError &&
                    err.message ===
                        `${path.join(dir, "Pulumi.dev.yaml")}: unknown config namespace "${typo}" ` +
                            "(its keys would be ignored); known namespaces: mlops-platform, aws, awsx, pulumi",
            );
        });
    }

    it("known namespaces and unrelated ones pass", () => {
        const dir = stackDir(`  mlops-platform:environment: dev\n  aws:region: us-east-1\n  team-tools:owner: ml\n`);
        assert.strictEqual(loadStack(dir, { stack: "dev" }).config["aws:region"], "us-east-1");
    });
});
