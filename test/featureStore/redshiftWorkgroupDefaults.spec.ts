import * as assert from "assert";
import {
    OFFLINE_STORE_WORKGROUP_PARAMETERS,
    WORKGROUP_PARAMETER_DEFAULTS,
    workgroupConfigParameters,
} from "../../components/featureStore/redshiftWorkgroupDefaults";

describe("Redshift Serverless workgroup parameters", () => {
    it("sends none of the offline store's parameters: each equals AWS's default (terraform-provider-aws#49939)", () => {
        assert.deepStrictEqual(OFFLINE_STORE_WORKGROUP_PARAMETERS, {
            require_ssl: "true",
            enable_user_activity_logging: "true",
            max_query_execution_time: "14400",
        });
        assert.deepStrictEqual(workgroupConfigParameters(OFFLINE_STORE_WORKGROUP_PARAMETERS), []);
    });

    it("keeps a parameter whose value differs from the default, and one AWS has no default for", () => {
        assert.deepStrictEqual(
            workgroupConfigParameters({
                max_query_execution_time: "3600",
                require_ssl: "true",
                max_scan_row_count: "1",
            }),
            [
                { parameterKey: "max_query_execution_time", parameterValue: "3600" },
                { parameterKey: "max_scan_row_count", parameterValue: "1" },
            ],
        );
    });

    it("knows AWS's value for the SSL parameters AWS adds to every workgroup", () => {
        assert.strictEqual(WORKGROUP_PARAMETER_DEFAULTS.require_ssl, "true");
        assert.strictEqual(WORKGROUP_PARAMETER_DEFAULTS.use_fips_ssl, "false");
    });
});
