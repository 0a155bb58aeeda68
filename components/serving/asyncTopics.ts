/** The SNS topics an asynchronous endpoint notifies: success and error, encrypted with the stack key. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** `[success, error]` topics (AsyncInferenceNotificationConfig's SuccessTopic and ErrorTopic). */
export function asyncTopics(
    name: string,
    endpointName: string,
    kmsKeyArn: pulumi.Input<string>,
    tags: Record<string, string>,
    parent: pulumi.Resource,
): [aws.sns.Topic, aws.sns.Topic] {
    const topic = (kind: "success" | "error") =>
        new aws.sns.Topic(
            `${name}-async-${kind}`,
            {
                displayName: `Endpoint ${endpointName}: asynchronous inference ${kind}`,
                kmsMasterKeyId: kmsKeyArn,
                tags,
            },
            { parent },
        );
    return [topic("success"), topic("error")];
}
