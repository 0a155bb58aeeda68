/** The checks of `ModelEndpoint`'s plain arguments that the serving schema cannot make (resource inputs). */
import { containerEnvironmentCountProblems } from "./containerEnvironment";
import type { ModelEndpointArgs } from "./modelEndpoint";
import { expectedLineage, resolveDataCapture } from "./servingSpec";

/** One line per problem, each naming the argument. */
export function endpointArgProblems(args: ModelEndpointArgs, artifactPrefix: string): string[] {
    const inVpc = args.vpcId !== undefined || args.subnetIds !== undefined;
    const capture = resolveDataCapture(args);
    const problems: string[] = [];
    if (inVpc && (args.vpcId === undefined || args.subnetIds === undefined)) {
        problems.push(
            `${args.vpcId === undefined ? "vpcId" : "subnetIds"}: is required when ` +
                `${args.vpcId === undefined ? "subnetIds" : "vpcId"} is set`,
        );
    }
    if (capture.enabled && (args.dataCaptureBucketName === undefined || args.dataCaptureBucketArn === undefined)) {
        problems.push("dataCaptureBucketName/dataCaptureBucketArn: are required when dataCapture.enabled is true");
    }
    if (Array.isArray(args.featureTableArns) && args.featureTableArns.length === 0) {
        problems.push(
            "featureTableArns: must list at least one online-store table (the container reads its features " +
                "from DynamoDB)",
        );
    }
    if (
        args.asyncInference !== undefined &&
        (args.asyncBucketName === undefined || args.asyncBucketArn === undefined)
    ) {
        problems.push("asyncBucketName/asyncBucketArn: are required when asyncInference is set");
    }
    if (!/^[^/].*\/$/.test(artifactPrefix)) {
        problems.push(
            `modelArtifactPrefix: must be a key prefix ending with "/" and not starting with "/" (got ` +
                `"${artifactPrefix}")`,
        );
    }
    // Count: the shared variables plus each (production or shadow) variant's own and lineage, against 100.
    const lineage = expectedLineage(args, artifactPrefix);
    const shared = args.environmentVariables ?? {};
    problems.push(
        ...containerEnvironmentCountProblems("", shared, args.variants, lineage),
        ...containerEnvironmentCountProblems("", shared, args.shadowVariants ?? [], lineage, "shadowVariants"),
    );
    return problems;
}
