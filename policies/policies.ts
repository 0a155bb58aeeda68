/**
 * Every policy of the pack, in README order. Importing this module has no side effects (unlike
 * index.ts, which starts the pack's gRPC server), so tests and tools import it.
 */
import { cloudwatchPolicies } from "./cloudwatch";
import { dynamodbPolicies } from "./dynamodb";
import { ecrPolicies } from "./ecr";
import { gluePolicies } from "./glue";
import { iamPolicies } from "./iam";
import { kmsPolicies } from "./kms";
import { mwaaPolicies } from "./mwaa";
import { networkPolicies } from "./network";
import { redshiftPolicies } from "./redshift";
import { s3Policies } from "./s3";
import { sagemakerPolicies } from "./sagemaker";
import { stackPolicies } from "./stack";
import { MlopsPolicy } from "./util";

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
    ...kmsPolicies,
    ...cloudwatchPolicies,
    ...networkPolicies,
    ...stackPolicies,
];
