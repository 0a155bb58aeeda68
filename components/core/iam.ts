/**
 * Typed IAM policy statements and documents. Every grant in this project is written with these
 * builders so that documents are rendered the same way everywhere and stay reviewable.
 */
import * as pulumi from "@pulumi/pulumi";

/** One value or a list of values, any of which may come from another resource. */
export type PolicyValues = pulumi.Input<string> | pulumi.Input<pulumi.Input<string>[]>;

/** A principal block, as IAM writes it. */
export interface PolicyPrincipal {
    readonly AWS?: PolicyValues;
    readonly Service?: PolicyValues;
    /** Identity provider ARN (web identity federation, e.g. GitHub OIDC). */
    readonly Federated?: PolicyValues;
}

/** Condition operator → condition key → value(s). */
export type PolicyCondition = Record<string, Record<string, PolicyValues | boolean>>;

/** One IAM policy statement. `Sid` is required: it names the workflow step that needs it. */
export interface PolicyStatement {
    readonly Sid: string;
    readonly Effect?: "Allow" | "Deny";
    readonly Principal?: PolicyPrincipal | "*";
    readonly Action: string | string[];
    readonly Resource?: PolicyValues;
    readonly Condition?: PolicyCondition;
}

/** Renders statements as a JSON policy document (Effect defaults to Allow). */
export function policyDocument(statements: readonly PolicyStatement[]): pulumi.Output<string> {
    return pulumi
        .output(statements.map((s) => ({ Effect: "Allow", ...s })))
        .apply((resolved) => JSON.stringify({ Version: "2012-10-17", Statement: resolved }));
}

/**
 * Trust policy for AWS service principals, guarded against the confused-deputy problem with
 * `aws:SourceAccount` (and `aws:SourceArn` when the calling resource's ARN is known).
 */
export function serviceTrustPolicy(
    services: pulumi.Input<string>[],
    accountId: pulumi.Input<string>,
    sourceArnPatterns?: pulumi.Input<string>[],
): pulumi.Output<string> {
    return policyDocument([
        {
            Sid: "AssumeByServiceForThisAccount",
            Principal: { Service: services },
            Action: "sts:AssumeRole",
            Condition: {
                StringEquals: { "aws:SourceAccount": accountId },
                ...(sourceArnPatterns ? { ArnLike: { "aws:SourceArn": sourceArnPatterns } } : {}),
            },
        },
    ]);
}

/** `arn:...:bucket` and `arn:...:bucket/<prefix>*` for object-level grants. */
export function bucketObjectsArn(bucketArn: pulumi.Input<string>, prefix = ""): pulumi.Output<string> {
    return pulumi.interpolate`${bucketArn}/${prefix}*`;
}

/** Where an ARN lives: the stack's partition, region and account. */
export interface ArnScope {
    readonly partition: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
    readonly accountId: pulumi.Input<string>;
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`, a resource of this account and region. */
export function regionalArn(scope: ArnScope, service: string, resource: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`arn:${scope.partition}:${service}:${scope.region}:${scope.accountId}:${resource}`;
}
