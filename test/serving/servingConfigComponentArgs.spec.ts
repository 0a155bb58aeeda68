import * as assert from "assert";
import { validateComponentArgs } from "../../components/core/configErrors";
import { servingSchemaFor } from "../../components/serving/servingSchema";
import { errorMessage } from "../support/helpers";
import { serving } from "../support/servingConfigFixtures";

describe("serving config", () => {
    describe("component arguments use the same rules without the namespace", () => {
        it("names the argument path", () => {
            const message = errorMessage(() =>
                validateComponentArgs(
                    "ModelEndpoint x",
                    servingSchemaFor("prod"),
                    serving("prod", { deployment: undefined }),
                ),
            );
            assert.ok(message.includes("invalid arguments of ModelEndpoint x"), message);
            assert.ok(message.includes("  - deployment: is required in prod"), message);
        });
    });
});
