/**
 * Every policy of the pack, in README order. Importing this module has no side effects (unlike
 * index.ts, which starts the pack's gRPC server), so tests and tools import it.
 */
import { cloudwatchPolicies } from "./rules/cloudwatch";
import { dynamodbPolicies } from "./rules/dynamodb";
import { ecrPolicies } from "./rules/ecr";
import { gluePolicies } from "./rules/glue";
import { iamPolicies } from "./rules/iam";
import { kmsPolicies } from "./rules/kms";
import { mwaaPolicies } from "./rules/mwaa";
import { networkPolicies } from "./rules/network";
import { redshiftPolicies } from "./rules/redshift";
import { s3Policies } from "./rules/s3";
import { sagemakerPolicies } from "./rules/sagemaker";
import { stackPolicies } from "./rules/stack";
import { MlopsPolicy } from "./lib/metadata";
import { iamLimitPolicies } from "./rules/iamLimits";
import { invariantPolicies } from "./rules/invariants";

/** All policies of the mlops-platform pack. */
export const allPolicies: MlopsPolicy[] = [
    ...s3Policies,
    ...dynamodbPolicies,
    ...ecrPolicies,
    ...sagemakerPolicies,
    ...mwaaPolicies,
    ...redshiftPolicies,
    ...gluePolicies,
    ...iamPolicies,
    ...iamLimitPolicies,
    ...kmsPolicies,
    ...cloudwatchPolicies,
    ...networkPolicies,
    ...stackPolicies,
    ...invariantPolicies,
];
