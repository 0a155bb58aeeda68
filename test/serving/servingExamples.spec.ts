/**
 * The serving-mode example stacks (examples/shadow.yaml, rolling.yaml, async.yaml) plan with exit 0
 * and no policy violation (advisories included), and deploy what their mode says.
 */
import * as assert from "assert";
import { recordedPlan } from "../support/recordedPlans";

interface Planned {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
    readonly outputs: Record<string, any>;
}
interface PlanJson {
    readonly resources: Planned[];
    readonly violations: unknown[];
}

/** The example's plan, recorded once per mocha run (test/support/recordedPlans.ts). */
function plan(example: "shadow" | "rolling" | "async"): PlanJson {
    const r = recordedPlan(example);
    assert.strictEqual(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as PlanJson;
}

const one = (p: PlanJson, type: string, name: string) => {
    const found = p.resources.filter((r) => r.type === type && r.name === name);
    assert.strictEqual(found.length, 1, `${type} ${name}`);
    return found[0];
};
const CONFIG = "aws:sagemaker/endpointConfiguration:EndpointConfiguration";

describe("serving-mode example stacks (plan --config-file examples/<mode>.yaml)", function () {
    this.timeout(240_000);

    it("shadow.yaml: one production and one shadow variant, policy-clean", () => {
        const p = plan("shadow");
        assert.deepStrictEqual(p.violations, []);
        const config = one(p, CONFIG, "mlops-dev-serving").inputs;
        assert.deepStrictEqual(
            [config.productionVariants.length, config.shadowProductionVariants.map((v: any) => v.variantName)],
            [1, ["challenger"]],
        );
    });

    it("rolling.yaml: a rolling update of a package version, policy-clean", () => {
        const p = plan("rolling");
        assert.deepStrictEqual(p.violations, []);
        const endpoint = one(p, "aws:sagemaker/endpoint:Endpoint", "mlops-dev-serving").inputs;
        assert.deepStrictEqual(endpoint.deploymentConfig.rollingUpdatePolicy.maximumBatchSize, {
            type: "CAPACITY_PERCENT",
            value: 25,
        });
        const model = one(p, "aws:sagemaker/model:Model", "mlops-dev-serving-primary").inputs;
        assert.match(model.primaryContainer.modelPackageName, /:model-package\/customer-segmentation-rolling\/1$/);
        assert.strictEqual(model.primaryContainer.image, undefined);
    });

    it("async.yaml: asynchronous output in the predictions bucket, scaling to zero, policy-clean", () => {
        const p = plan("async");
        assert.deepStrictEqual(p.violations, []);
        const predictions = one(p, "aws:s3/bucket:Bucket", "mlops-dev-predictions").outputs.bucket;
        const output = one(p, CONFIG, "mlops-dev-serving").inputs.asyncInferenceConfig.outputConfig;
        assert.strictEqual(output.s3OutputPath, `s3://${predictions}/async/customer-segmentation-async/output/`);
        assert.strictEqual(
            one(p, "aws:appautoscaling/target:Target", "mlops-dev-serving-primary").inputs.minCapacity,
            0,
        );
    });
});
