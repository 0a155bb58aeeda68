/**
 * The in-process pack's property bags (tools/policy/inProcessPack.ts `plainStruct`) give the
 * handlers what the gRPC path's do: `Struct.fromJavaScript`, serialized, parsed and converted back
 * (tools/policy/analyzerProtocol.ts `toStruct`, then the pack process's `toJavaScript()`), compared
 * as JSON text, so key order counts: policies that walk `Object.entries` report in that order.
 */
import * as assert from "assert";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { toStruct } from "../../tools/policy/analyzerProtocol";
import { plainStruct } from "../../tools/policy/inProcessPack";
import { recordedPlan } from "../support/recordedPlans";

/** What the pack process reads from the wire. */
const overTheWire = (value: Record<string, unknown>) =>
    JSON.stringify(Struct.deserializeBinary(toStruct(value).serializeBinary()).toJavaScript());

const inProcess = (value: Record<string, unknown>) => JSON.stringify(plainStruct(value).toJavaScript());

describe("in-process property bags equal the gRPC path's", () => {
    it("key order, numeric-looking keys, nesting, arrays, null, undefined and non-finite numbers", () => {
        const value = {
            b: 1,
            a: { z: [{ y: 1, x: { d: null, c: undefined } }], B: "s", é: true, "10": 4, "9": 5, _: -0 },
            A: [],
            n: Number.NaN,
            inf: Number.POSITIVE_INFINITY,
            empty: {},
        };
        assert.strictEqual(inProcess(value), overTheWire(value));
        assert.strictEqual(
            inProcess(value),
            '{"A":[],"a":{"9":5,"10":4,"B":"s","_":0,"z":[{"x":{"d":null},"y":1}],"é":true},"b":1,"empty":{},' +
                '"inf":null,"n":null}',
        );
    });

    it("every planned resource's inputs and outputs of prod after the runbook", () => {
        const resources = recordedPlan("prodServing").doc.resources;
        assert.ok(resources.length > 100, `${resources.length} resources`);
        for (const r of resources) {
            assert.strictEqual(inProcess(r.inputs), overTheWire(r.inputs), `${r.urn} inputs`);
            assert.strictEqual(inProcess(r.outputs), overTheWire(r.outputs), `${r.urn} outputs`);
        }
    });
});
