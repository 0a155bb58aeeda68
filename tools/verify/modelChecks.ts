/**
 * The model checks: for each (production or shadow) variant in service, the live Model's lineage
 * (the `mlops-platform:*` tags and `MODEL_*` container environment the stack gave it) and, for a
 * variant serving a model package version, that the Model names that version and the version is
 * approved in the registry.
 */
import {
    DescribeModelCommand,
    DescribeModelCommandOutput,
    DescribeModelPackageCommand,
    DescribeModelPackageCommandOutput,
    ListTagsCommand,
    ListTagsCommandOutput,
    SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import {
    LINEAGE_ENV,
    LINEAGE_TAGS,
    lineageEnvironment,
    lineageTags,
    ModelLineage,
} from "../../components/serving/lineage";
import { RetryOptions, withRetries } from "./retries";

/** Records one checked property (see checks.ts). */
export type Check = (name: string, want: unknown, live: unknown, ok: boolean) => void;
/** Records a property that could not be checked. */
export type Skip = (name: string, want: unknown, why: string) => void;

/** Only the lineage keys of a map (tags or environment), sorted, for an exact comparison. */
function lineageOnly(map: Record<string, string>, keys: readonly string[]): Record<string, string> {
    return Object.fromEntries(
        Object.entries(map)
            .filter(([k]) => keys.includes(k))
            .sort(([a], [b]) => a.localeCompare(b)),
    );
}
const sorted = (m: Record<string, string>) =>
    Object.fromEntries(Object.entries(m).sort(([a], [b]) => a.localeCompare(b)));

/** All tags of a resource, across pages. */
async function listTags(client: SageMakerClient, arn: string, options: RetryOptions): Promise<Record<string, string>> {
    const tags: Record<string, string> = {};
    let nextToken: string | undefined;
    do {
        const page: ListTagsCommandOutput = await withRetries(
            "ListTags",
            () => client.send(new ListTagsCommand({ ResourceArn: arn, NextToken: nextToken, MaxResults: 100 })),
            options,
        );
        for (const t of page.Tags ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? "";
        nextToken = page.NextToken;
    } while (nextToken);
    return tags;
}

/** Checks the Model of one variant against its expected lineage. */
export async function checkModel(
    client: SageMakerClient,
    variant: string,
    modelName: string | undefined,
    lineage: ModelLineage,
    io: { readonly check: Check; readonly skip: Skip; readonly options: RetryOptions },
): Promise<void> {
    const label = `variant ${variant}`;
    if (modelName === undefined) {
        io.skip(`${label}: model lineage`, lineage, "the endpoint configuration names no model");
        return;
    }
    const model: DescribeModelCommandOutput = await withRetries(
        "DescribeModel",
        () => client.send(new DescribeModelCommand({ ModelName: modelName })),
        io.options,
    );
    const container = model.PrimaryContainer ?? model.Containers?.[0];
    const env = lineageOnly(container?.Environment ?? {}, Object.values(LINEAGE_ENV));
    const wantEnv = sorted(lineageEnvironment(lineage));
    io.check(`${label}: lineage environment`, wantEnv, env, JSON.stringify(env) === JSON.stringify(wantEnv));
    const tags = lineageOnly(await listTags(client, model.ModelArn ?? "", io.options), Object.values(LINEAGE_TAGS));
    const wantTags = sorted(lineageTags(lineage));
    io.check(`${label}: lineage tags`, wantTags, tags, JSON.stringify(tags) === JSON.stringify(wantTags));
    if (lineage.package === undefined) return;

    // The version the Model names: ARN …:model-package/<group>/<version> (SageMaker lower-cases names in ARNs).
    const served = container?.ModelPackageName ?? "";
    const wantSuffix = `:model-package/${lineage.package.toLowerCase()}`;
    io.check(
        `${label}: model package version`,
        `…${wantSuffix}`,
        served || "-",
        served.toLowerCase().endsWith(wantSuffix),
    );
    if (!served) return;
    const pkg: DescribeModelPackageCommandOutput = await withRetries(
        "DescribeModelPackage",
        () => client.send(new DescribeModelPackageCommand({ ModelPackageName: served })),
        io.options,
    );
    const status = pkg.ModelApprovalStatus;
    io.check(`${label}: package version approved`, "Approved", status, status === "Approved");
}
