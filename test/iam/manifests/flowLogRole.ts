/** The VPC flow-log role: the flow-log service delivering records to the stack's log group. */
import { CallManifest } from "./types";
import { AWS } from "./sources";

const GROUP = "arn:aws:logs:{region}:{account}:log-group:{log-group:network-flow-logs}";

export const FLOW_LOG_ROLE: CallManifest = {
    principal: "VPC flow-log role",
    selector: "role:network-flow-logs",
    purpose: "VPC Flow Logs (vpc-flow-logs.amazonaws.com) publishing the VPC's records to CloudWatch Logs",
    calls: [
        { action: "logs:DescribeLogStreams", resource: `${GROUP}:*`, source: AWS.flowLogsRole },
        {
            action: "logs:CreateLogStream",
            resource: `${GROUP}:log-stream:eni-0123456789abcdef0-all`,
            source: AWS.flowLogsRole,
        },
        {
            action: "logs:PutLogEvents",
            resource: `${GROUP}:log-stream:eni-0123456789abcdef0-all`,
            source: AWS.flowLogsRole,
        },
    ],
    denied: [
        {
            action: "logs:PutLogEvents",
            resource: "arn:aws:logs:{region}:{account}:log-group:/aws/lambda/other:log-stream:x",
            why: "another log group",
        },
        { action: "logs:DeleteLogGroup", resource: `${GROUP}:*`, why: "destructive" },
        { action: "logs:PutRetentionPolicy", resource: `${GROUP}:*`, why: "shortening retention destroys evidence" },
        {
            action: "s3:PutObject",
            resource: "arn:aws:s3:::{bucket:access-logs}/x",
            why: "flow logs go to CloudWatch Logs",
        },
    ],
};
