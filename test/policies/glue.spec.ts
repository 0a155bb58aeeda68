import * as assert from "assert";
import { glueCatalogEncryption, glueSecurityConfiguration } from "../../policies/rules/glue";
import { StackResource, checkResource, checkStack, messages, urnOf, withChange } from "./harness";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1111";
const settings = {
    dataCatalogEncryptionSettings: {
        encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: KEY },
        connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: KEY },
    },
};
const stack = (s?: Record<string, unknown>): StackResource[] => [
    { type: "aws:glue/catalogDatabase:CatalogDatabase", name: "offline", props: { name: "customer_segmentation" } },
    {
        type: "aws:glue/catalogTable:CatalogTable",
        name: "customer_rfm_features",
        props: { databaseName: "customer_segmentation" },
    },
    ...(s
        ? [
              {
                  type: "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
                  name: "catalog-encryption",
                  props: s,
              },
          ]
        : []),
];

describe("policies/glue", () => {
    describe("glue-catalog-encryption", () => {
        it("passes an encrypted catalog, and a stack without Glue", async () => {
            assert.deepStrictEqual(await checkStack(glueCatalogEncryption, stack(settings)), []);
            assert.deepStrictEqual(await checkStack(glueCatalogEncryption, []), []);
        });
        it("passes a stack whose every Glue database says the account owns catalog encryption", async () => {
            const tagged = stack().map((r) =>
                r.type === "aws:glue/catalogDatabase:CatalogDatabase"
                    ? { ...r, props: { ...r.props, tags: { "mlops-platform:catalog-encryption": "account" } } }
                    : r,
            );
            assert.deepStrictEqual(await checkStack(glueCatalogEncryption, tagged), []);
            const wrongValue = tagged.map((r) =>
                r.type === "aws:glue/catalogDatabase:CatalogDatabase"
                    ? { ...r, props: { ...r.props, tags: { "mlops-platform:catalog-encryption": "stack" } } }
                    : r,
            );
            assert.strictEqual((await checkStack(glueCatalogEncryption, wrongValue)).length, 1);
        });
        it("reports missing settings on the first catalog resource", async () => {
            assert.deepStrictEqual(await checkStack(glueCatalogEncryption, stack()), [
                {
                    message:
                        "the stack creates 2 Glue catalog resource(s) but no " +
                        "DataCatalogEncryptionSettings; encrypt the catalog with the stack's key.",
                    urn: urnOf("aws:glue/catalogDatabase:CatalogDatabase", "offline"),
                },
            ]);
        });
        it("reports metadata without KMS and clear connection passwords", async () => {
            assert.deepStrictEqual(
                messages(
                    await checkStack(
                        glueCatalogEncryption,
                        stack(
                            withChange(
                                settings,
                                "dataCatalogEncryptionSettings.encryptionAtRest.catalogEncryptionMode",
                                "DISABLED",
                            ),
                        ),
                    ),
                ),
                [
                    'DataCatalogEncryptionSettings "catalog-encryption": encryptionAtRest must be SSE-KMS ' +
                        "with sseAwsKmsKeyId.",
                ],
            );
            assert.deepStrictEqual(
                messages(
                    await checkStack(
                        glueCatalogEncryption,
                        stack(
                            withChange(
                                settings,
                                "dataCatalogEncryptionSettings.connectionPasswordEncryption." +
                                    "returnConnectionPasswordEncrypted",
                                false,
                            ),
                        ),
                    ),
                ),
                [
                    'DataCatalogEncryptionSettings "catalog-encryption": connectionPasswordEncryption must ' +
                        "set returnConnectionPasswordEncrypted: true with awsKmsKeyId.",
                ],
            );
        });
    });
    describe("glue-security-configuration", () => {
        it("passes crawlers and jobs with a security configuration", async () => {
            assert.deepStrictEqual(
                await checkResource(glueSecurityConfiguration, {
                    type: "aws:glue/crawler:Crawler",
                    name: "c",
                    props: { securityConfiguration: "sc" },
                }),
                [],
            );
            assert.deepStrictEqual(
                await checkResource(glueSecurityConfiguration, {
                    type: "aws:glue/job:Job",
                    name: "j",
                    props: { securityConfiguration: "sc" },
                }),
                [],
            );
        });
        it("reports crawlers and jobs without one", async () => {
            assert.deepStrictEqual(
                await checkResource(glueSecurityConfiguration, {
                    type: "aws:glue/crawler:Crawler",
                    name: "c",
                    props: {},
                }),
                ['Glue crawler "c" has no securityConfiguration; set one that encrypts with KMS.'],
            );
            assert.deepStrictEqual(
                await checkResource(glueSecurityConfiguration, { type: "aws:glue/job:Job", name: "j", props: {} }),
                ['Glue job "j" has no securityConfiguration; set one that encrypts with KMS.'],
            );
        });
    });
});
