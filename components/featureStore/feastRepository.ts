/** The Feast repository files the platform generates for this stack. */
import { stringify } from "yaml";

/** Inputs of `renderFeatureStoreYaml`. */
export interface FeatureStoreYamlInputs {
    readonly project: string;
    readonly region: string;
    readonly registryPath: string;
    readonly offlineStore: Record<string, string | undefined>;
}

/** Renders Feast's `feature_store.yaml` (provider aws: DynamoDB online, Redshift offline, S3 registry). */
export function renderFeatureStoreYaml(inputs: FeatureStoreYamlInputs): string {
    const document = {
        project: inputs.project,
        provider: "aws",
        registry: { registry_type: "file", path: inputs.registryPath },
        online_store: { type: "dynamodb", region: inputs.region },
        offline_store: { type: "redshift", region: inputs.region, ...inputs.offlineStore },
        entity_key_serialization_version: 3,
    };
    return stringify(document, { lineWidth: 0 });
}
