/**
 * Glue rules: the Data Catalog behind the Feast offline store.
 */
import { aws } from "../lib/awsResources";
import { validateResourceOfType } from "@pulumi/policy";
import { MlopsPolicy, framework } from "../lib/metadata";
import { isObject, present } from "../lib/resources";

const CATALOG_TYPES = ["aws:glue/catalogDatabase:CatalogDatabase", "aws:glue/catalogTable:CatalogTable"];
const ENCRYPTION_SETTINGS = "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings";
/** Tag by which a Glue database says the account, not this stack, owns Data Catalog encryption. */
const ACCOUNT_OWNED_TAG = "mlops-platform:catalog-encryption";

/** What is wrong with a DataCatalogEncryptionSettings' settings, if anything. */
function encryptionProblems(settings: unknown): string[] {
    const s = isObject(settings) ? settings : {};
    const atRest = isObject(s.encryptionAtRest) ? s.encryptionAtRest : {};
    const passwords = isObject(s.connectionPasswordEncryption) ? s.connectionPasswordEncryption : {};
    const out: string[] = [];
    if (atRest.catalogEncryptionMode !== "SSE-KMS" || !present(() => atRest.sseAwsKmsKeyId))
        out.push("encryptionAtRest must be SSE-KMS with sseAwsKmsKeyId");
    if (passwords.returnConnectionPasswordEncrypted !== true || !present(() => passwords.awsKmsKeyId)) {
        out.push("connectionPasswordEncryption must set returnConnectionPasswordEncrypted: true with awsKmsKeyId");
    }
    return out;
}

/** Data Catalog metadata and connection passwords are encrypted with KMS. */
export const glueCatalogEncryption: MlopsPolicy = {
    name: "glue-catalog-encryption",
    description:
        "A stack with Glue catalog resources sets Data Catalog encryption (metadata and connection passwords) " +
        "with KMS, or its databases say the account owns that one-per-account setting.",
    enforcementLevel: "advisory",
    remediationSteps:
        "Add an aws.glue.DataCatalogEncryptionSettings with encryptionAtRest " +
        '{ catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId } and connectionPasswordEncryption ' +
        "{ returnConnectionPasswordEncrypted: true, awsKmsKeyId } (featureStore.encryptDataCatalog: true), or tag " +
        "each Glue database mlops-platform:catalog-encryption=account when the account owner sets it.",
    ...framework({
        service: "Glue",
        rule: "Data Catalog encryption settings (metadata + connection passwords) with KMS",
        sources: ["CKV_AWS_94"],
    }),
    validateStack: (args, report) => {
        const catalog = args.resources.filter((r) => CATALOG_TYPES.includes(r.type));
        if (catalog.length === 0) return;
        const settings = args.resources.filter((r) => r.type === ENCRYPTION_SETTINGS);
        const databases = catalog.filter((r) => r.type === CATALOG_TYPES[0]);
        const accountOwned =
            databases.length > 0 &&
            databases.every((d) => isObject(d.props.tags) && d.props.tags[ACCOUNT_OWNED_TAG] === "account");
        if (settings.length === 0 && accountOwned) return;
        if (settings.length === 0) {
            report(
                `the stack creates ${catalog.length} Glue catalog resource(s) but no ` +
                    `DataCatalogEncryptionSettings; encrypt the catalog with the stack's key.`,
                catalog[0].urn,
            );
            return;
        }
        for (const s of settings) {
            for (const problem of encryptionProblems(s.props.dataCatalogEncryptionSettings))
                report(`DataCatalogEncryptionSettings "${s.name}": ${problem}.`, s.urn);
        }
    },
};

/** Crawlers and jobs run with a security configuration (encrypted S3 output, logs, bookmarks). */
export const glueSecurityConfiguration: MlopsPolicy = {
    name: "glue-security-configuration",
    description: "Glue crawlers and jobs use a security configuration.",
    enforcementLevel: "advisory",
    remediationSteps:
        "Create an aws.glue.SecurityConfiguration (SSE-KMS for S3, CloudWatch and job bookmarks) and set " +
        "securityConfiguration on the crawler/job.",
    ...framework({
        service: "Glue",
        rule: "crawlers/jobs (if any) use a security configuration",
        sources: ["CKV_AWS_99", "CKV_AWS_195"],
    }),
    validateResource: [
        validateResourceOfType(aws.glue.Crawler, (crawler, args, report) => {
            if (!present(() => crawler.securityConfiguration))
                report(`Glue crawler "${args.name}" has no securityConfiguration; set one that encrypts with KMS.`);
        }),
        validateResourceOfType(aws.glue.Job, (job, args, report) => {
            if (!present(() => job.securityConfiguration))
                report(`Glue job "${args.name}" has no securityConfiguration; set one that encrypts with KMS.`);
        }),
    ],
};

/** All Glue policies. */
export const gluePolicies: MlopsPolicy[] = [glueCatalogEncryption, glueSecurityConfiguration];
