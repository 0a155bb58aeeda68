/**
 * The pack's invariants: properties every resource of the stack must have, whatever component
 * built it (docs/security-coverage.md maps each insecure-change class to the invariant answering it).
 */
import { MlopsPolicy } from "../../lib/metadata";
import { invariantDetectiveControls } from "./detective";
import { invariantKeyViaService, invariantStackKey, invariantTlsFloor } from "./encryption";
import { invariantIdentityArnsInStack, invariantNoAwsManagedPolicy } from "./identity";
import { invariantPrincipalsThisAccount } from "./principals";
import { invariantNoPlaintextCredentials, invariantWorkloadPlacement, invariantWorkloadReferences } from "./workloads";

/** All invariants. */
export const invariantPolicies: MlopsPolicy[] = [
    invariantPrincipalsThisAccount,
    invariantIdentityArnsInStack,
    invariantNoAwsManagedPolicy,
    invariantStackKey,
    invariantKeyViaService,
    invariantTlsFloor,
    invariantWorkloadReferences,
    invariantWorkloadPlacement,
    invariantDetectiveControls,
    invariantNoPlaintextCredentials,
];
