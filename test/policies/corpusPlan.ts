/**
 * Helpers of the insecure-change corpus (corpus.spec.ts): an editable copy of the recorder's plan
 * and the shape of one case.
 */
import * as assert from "assert";
import { PlannedResource } from "../../tools/plan/recorder";

export type Props = Record<string, unknown>;
export type Mutable = PlannedResource & { inputs: Props; outputs: Props; protect: boolean };

export const OTHER = "999999999999";
export const OTHER_KEY = `arn:aws:kms:us-east-1:${OTHER}:key/11111111-2222-3333-4444-555555555555`;

/** Editing helpers over a copy of the plan: a resource is copied (deeply) when first edited. */
export class Plan {
    readonly resources: Mutable[];
    private readonly copied = new Set<Mutable>();
    constructor(base: readonly PlannedResource[]) {
        this.resources = [...base] as Mutable[];
    }
    /** Applies `change` to inputs and outputs of the resource of `type` (whose name contains `name`). */
    edit(type: string, change: (p: Props) => void, name = ""): this {
        const i = this.resources.findIndex((x) => x.type.endsWith(type) && x.name.includes(name));
        assert.ok(i >= 0, `the plan has a ${type} named *${name}*`);
        let r = this.resources[i]!;
        if (!this.copied.has(r)) {
            r = this.resources[i] = structuredClone(r);
            this.copied.add(r);
        }
        change(r.inputs);
        change(r.outputs);
        return this;
    }
    /** Edits the JSON policy document at `prop`. */
    doc(type: string, prop: string, change: (d: { Statement: Props[] }) => void, name = ""): this {
        return this.edit(
            type,
            (p) => {
                const d = JSON.parse(String(p[prop])) as { Statement: Props[] };
                change(d);
                p[prop] = JSON.stringify(d);
            },
            name,
        );
    }
    /** Adds a statement to the serving role's inline policy. */
    grant(statement: Props): this {
        return this.doc(
            "rolePolicy:RolePolicy",
            "policy",
            (d) => d.Statement.push({ Effect: "Allow", ...statement }),
            "serving",
        );
    }
    /** Adds a resource (inputs = outputs). */
    add(type: string, name: string, props: Props): this {
        this.resources.push({
            urn: `urn:pulumi:prod::mlops-platform::${type}::${name}`,
            type,
            name,
            custom: true,
            inputs: props,
            outputs: props,
            dependencies: [],
            propertyDependencies: {},
            protect: false,
            retainOnDelete: false,
            deleteBeforeReplace: false,
            ignoreChanges: [],
        } as unknown as Mutable);
        return this;
    }
}

export interface Case {
    readonly cls: string;
    readonly change: string;
    readonly policy: string;
    readonly apply: (p: Plan) => unknown;
}

/** Type-token tails of the resources the cases edit. */
export const ROLE = "role:Role";
export const KEY = "kms/key:Key";
export const SSE = "BucketServerSideEncryptionConfiguration";
export const MODEL = "sagemaker/model:Model";
export const MWAA = "mwaa/environment:Environment";
/** The model's primary container and its environment. */
export const primary = (p: Props) => p.primaryContainer as Props;
export const env = (p: Props) => primary(p).environment as Props;
/** An Allow statement for another account's root. */
export const foreignAllow = (actions: string) => ({
    Effect: "Allow",
    Sid: "Foreign",
    Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
    Action: actions,
});
