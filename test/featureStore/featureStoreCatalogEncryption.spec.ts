import * as assert from "assert";
import { FeatureStore } from "../../components/featureStore/featureStore";
import { ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { KEY, args } from "../support/featureStoreFixtures";

describe("FeatureStore", () => {
    describe("encryptDataCatalog: true (the stack owns the account's catalog encryption)", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "prod" });
            new FeatureStore("fs", args({ environment: "prod", encryptDataCatalog: true }));
            await settle();
        });

        it("encrypts metadata and connection passwords with the stack key, retained on delete", () => {
            const settings = rec.ofType("aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings");
            assert.strictEqual(settings.length, 1);
            assert.deepStrictEqual(settings[0].inputs.dataCatalogEncryptionSettings, {
                encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: KEY },
                connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: KEY },
            });
            assert.strictEqual(settings[0].retainOnDelete, true);
            assert.strictEqual(settings[0].protect, false);
        });

        it("creates the database and every table after the encryption setting", () => {
            const settingsUrn = rec.ofType("aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings")[0]
                .urn;
            const catalog = [
                rec.named("aws:glue/catalogDatabase:CatalogDatabase", "fs"),
                ...rec.ofType("aws:glue/catalogTable:CatalogTable"),
            ];
            assert.strictEqual(catalog.length, 3);
            for (const r of catalog) assert.ok(r.dependencies.includes(settingsUrn), `${r.name}: ${r.dependencies}`);
            assert.deepStrictEqual(catalog[0].inputs.tags, { environment: "prod", "managed-by": "pulumi" });
        });
    });
});
