/**
 * The mlops-platform CrossGuard policy pack. This file only assembles the policies; each service
 * module (rules/) exports its policies as plain objects so they can be unit-tested and listed (README table).
 *
 * Run with `pulumi preview --policy-pack policies`; the offline plan engine runs the same pack
 * through tools/policy/policyRunner.ts.
 *
 * The pack imports nothing from `components/` on purpose, so it stays an independent witness of
 * what the components build.
 */
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./policies";

new PolicyPack("mlops-platform", {
    description:
        "Security, reliability and Feast/SageMaker/MWAA correctness rules for the mlops-platform stack " +
        "(rule table: RULES.md in the pack folder).",
    enforcementLevel: "mandatory",
    policies: allPolicies,
});
