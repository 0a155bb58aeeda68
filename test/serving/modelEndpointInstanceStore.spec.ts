import * as assert from "assert";
import { ModelEndpoint } from "../../components/serving/modelEndpoint";
import { ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { KEY, T, common } from "../support/endpointFixtures";

describe("ModelEndpoint", () => {
    describe("local-NVMe (instance store) instance types: accepted, no volume key", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "staging" });
            new ModelEndpoint("gpu", {
                ...common,
                environment: "staging",
                endpointName: "gpu-ep",
                image: { tag: "v1" },
                variants: [{ name: "primary", instanceType: "ml.g5.xlarge" }],
                dataCapture: { enabled: true },
            });
            new ModelEndpoint("ebs", {
                ...common,
                environment: "staging",
                endpointName: "ebs-ep",
                image: { tag: "v1" },
                variants: [{ name: "primary", instanceType: "ml.p3.2xlarge" }],
            });
            await settle();
        });

        it("leaves kmsKeyArn off a g5 endpoint configuration (CreateEndpointConfig refuses it there)", () => {
            const inputs = rec.named(T.config, "gpu").inputs;
            assert.strictEqual("kmsKeyArn" in inputs, false);
            assert.strictEqual(
                (inputs.productionVariants as Record<string, unknown>[])[0].instanceType,
                "ml.g5.xlarge",
            );
        });

        it("keeps data capture encrypted with the stack key on the g5 endpoint", () => {
            assert.strictEqual(
                (rec.named(T.config, "gpu").inputs.dataCaptureConfig as Record<string, unknown>).kmsKeyId,
                KEY,
            );
        });

        it("keeps the volume key on an EBS-backed GPU type (ml.p3)", () => {
            assert.strictEqual(rec.named(T.config, "ebs").inputs.kmsKeyArn, KEY);
        });
    });
});
