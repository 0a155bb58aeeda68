/**
 * The stack's monthly AWS Budgets cost budget and the alarm topic its alerts go to.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../core/context";
import { policyDocument } from "../core/iam";
import { alarmsSourceArn, budgetsSourceArn } from "../storage/encryptionKey";
import { ResolvedBudget } from "./budgetSettings";

export interface StackBudgetArgs {
    readonly tags: Readonly<Record<string, string>>;
    readonly budget: ResolvedBudget;
    /**
     * The stack key, which encrypts the topic. Its key policy must let budgets.amazonaws.com and
     * cloudwatch.amazonaws.com use it (`alarmTopicPublisherStatements`; the platform's own key does).
     */
    readonly kmsKeyArn: pulumi.Input<string>;
}

/** A monthly cost budget filtered by the stack's tag, alerting an SNS topic at each threshold. */
export class StackBudget extends pulumi.ComponentResource {
    /** The stack's alarm topic (budget alerts; the endpoint's alarms publish here too). */
    public readonly alarmTopicArn: pulumi.Output<string>;
    public readonly budgetName: pulumi.Output<string>;

    constructor(name: string, args: StackBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlops-platform:index:StackBudget", name, {}, opts);
        const child = { parent: this };
        const { accountId, region, partition } = awsContext(this);
        // Encrypted with the stack key, whose policy lets this account's budgets and alarms use it
        // (components/storage/encryptionKey.ts, alarmTopicPublisherStatements).
        const topic = new aws.sns.Topic(`${name}-alarms`, { kmsMasterKeyId: args.kmsKeyArn, tags: args.tags }, child);
        // AWS Budgets documentation, "Creating an Amazon SNS topic for budget notifications"
        // (docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html): the topic is in the
        // budget's account, and its policy lets budgets.amazonaws.com SNS:Publish with aws:SourceAccount
        // and an aws:SourceArn of arn:aws:budgets::<account-id>:*.
        const topicPolicy = new aws.sns.TopicPolicy(
            `${name}-alarms`,
            {
                arn: topic.arn,
                policy: policyDocument([
                    {
                        Sid: "AWSBudgetsSNSPublishingPermissions",
                        Principal: { Service: "budgets.amazonaws.com" },
                        Action: "SNS:Publish",
                        Resource: topic.arn,
                        Condition: {
                            StringEquals: { "aws:SourceAccount": accountId },
                            ArnLike: { "aws:SourceArn": budgetsSourceArn(accountId, partition) },
                        },
                    },
                    {
                        // The endpoint's alarms: "add the following permissions ... to publish messages to the SNS
                        // topic", scoped with aws:SourceArn to the alarms (AWS Knowledge Center,
                        // repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger).
                        Sid: "CloudWatchAlarmsPublish",
                        Principal: { Service: "cloudwatch.amazonaws.com" },
                        Action: "SNS:Publish",
                        Resource: topic.arn,
                        Condition: {
                            StringEquals: { "aws:SourceAccount": accountId },
                            ArnLike: { "aws:SourceArn": alarmsSourceArn(accountId, region, partition) },
                        },
                    },
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "SNS:Publish",
                        Resource: topic.arn,
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ]),
            },
            child,
        );
        const budget = new aws.budgets.Budget(
            name,
            {
                name: `${name}-monthly`,
                budgetType: "COST",
                limitAmount: args.budget.limitAmount,
                limitUnit: "USD",
                timeUnit: "MONTHLY",
                // TagKeyValue values are `user:<key>$<value>` (provider docs, budgets/budget.d.ts); Budgets sees
                // a user-defined tag only once it is activated as a cost allocation tag in Billing.
                costFilters: [{ name: "TagKeyValue", values: [args.budget.tagFilter] }],
                notifications: args.budget.alertPercents.map((percent) => ({
                    comparisonOperator: "GREATER_THAN",
                    notificationType: "ACTUAL",
                    threshold: percent,
                    thresholdType: "PERCENTAGE",
                    subscriberSnsTopicArns: [topic.arn],
                })),
                tags: args.tags,
            },
            // Budgets checks it may publish when the notification is created.
            { parent: this, dependsOn: [topicPolicy] },
        );
        this.alarmTopicArn = topic.arn;
        this.budgetName = budget.name;
        this.registerOutputs({ alarmTopicArn: this.alarmTopicArn, budgetName: this.budgetName });
    }
}
