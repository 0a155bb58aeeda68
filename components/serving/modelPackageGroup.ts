/**
 * The endpoint's model registry: a SageMaker model package group (one per endpoint) whose resource
 * policy lets the pipeline's roles register versions, and the ARN of a registered version that a
 * variant serves with `modelPackageVersion`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { statefulOptions } from "../core/context";
import { Environment } from "../core/environment";
import { policyDocument, PolicyStatement } from "../core/iam";

/**
 * What registering a version takes: create it, and read the group and its versions back (the
 * pipeline lists versions to number and compare them). Approving a version (UpdateModelPackage
 * with ModelApprovalStatus) is left to people, so the pipeline can register but never approve.
 */
export const PACKAGE_REGISTRATION_ACTIONS = [
    "sagemaker:CreateModelPackage",
    "sagemaker:DescribeModelPackage",
    "sagemaker:DescribeModelPackageGroup",
    "sagemaker:ListModelPackages",
];

/** The versions of a group: `arn:…:model-package-group/<group>` → `arn:…:model-package/<group>/*`. */
export function packageVersionsArn(groupArn: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.output(groupArn).apply((arn) => `${arn.replace(":model-package-group/", ":model-package/")}/*`);
}

/** The ARN of one registered version (CreateModel's `ModelPackageName` takes it). */
export function packageVersionArn(groupArn: pulumi.Input<string>, version: number): pulumi.Output<string> {
    return pulumi
        .output(groupArn)
        .apply((arn) => `${arn.replace(":model-package-group/", ":model-package/")}/${version}`);
}

/**
 * The group's resource policy (shape of PutModelPackageGroupPolicy's example,
 * https://docs.aws.amazon.com/sagemaker/latest/dg/model-registry-ram-discover.html: the group ARN and
 * `model-package/<group>/*`). Same-account principals named here need no identity grant: within one
 * account a request is allowed when an identity-based or a resource-based policy allows it (IAM policy
 * evaluation logic, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html;
 * test/serving/endpointModes.spec.ts proves it with the evaluator).
 */
export function packageGroupPolicyStatements(scope: {
    readonly groupArn: pulumi.Input<string>;
    readonly registrarRoleArns: pulumi.Input<pulumi.Input<string>[]>;
    readonly accountId: pulumi.Input<string>;
}): PolicyStatement[] {
    return [
        {
            Sid: "PipelineRegistersVersions",
            Principal: { AWS: scope.registrarRoleArns },
            Action: PACKAGE_REGISTRATION_ACTIONS,
            Resource: [scope.groupArn, packageVersionsArn(scope.groupArn)],
            Condition: { StringEquals: { "aws:PrincipalAccount": scope.accountId } },
        },
    ];
}

/** Arguments of `modelPackageGroup`. */
export interface ModelPackageGroupScope {
    readonly environment: Environment;
    readonly groupName: string;
    readonly endpointName: string;
    readonly accountId: pulumi.Input<string>;
    /** Roles that register versions (the pipeline's processing role); none: no policy. */
    readonly registrarRoleArns?: pulumi.Input<pulumi.Input<string>[]>;
    readonly tags: Record<string, string>;
}

/** The group (protected and retained in prod: its versions are the release history) and its policy. */
export function modelPackageGroup(
    name: string,
    scope: ModelPackageGroupScope,
    parent: pulumi.Resource,
): aws.sagemaker.ModelPackageGroup {
    const group = new aws.sagemaker.ModelPackageGroup(
        name,
        {
            modelPackageGroupName: scope.groupName,
            modelPackageGroupDescription: `Registered versions of the model served by endpoint ${scope.endpointName}`,
            tags: scope.tags,
        },
        { parent, ...statefulOptions(scope.environment) },
    );
    if (scope.registrarRoleArns !== undefined) {
        new aws.sagemaker.ModelPackageGroupPolicy(
            name,
            {
                modelPackageGroupName: group.modelPackageGroupName,
                resourcePolicy: policyDocument(
                    packageGroupPolicyStatements({
                        groupArn: group.arn,
                        registrarRoleArns: scope.registrarRoleArns,
                        accountId: scope.accountId,
                    }),
                ),
            },
            { parent },
        );
    }
    return group;
}
