/** The S3 rules (buckets.ts: how a bucket is joined to its settings resources). */
import { MlopsPolicy } from "../../lib/metadata";
import { s3AccessLogging, s3KmsEncryption, s3Lifecycle, s3NoForceDestroyInProd, s3Versioning } from "./dataProtection";
import { s3NoPublicAcl, s3NoPublicPrincipal, s3PublicAccessBlock, s3TlsOnly } from "./publicAccess";

export { BUCKET_TYPES } from "./buckets";
export { s3AccessLogging, s3KmsEncryption, s3Lifecycle, s3NoForceDestroyInProd, s3Versioning } from "./dataProtection";
export { s3NoPublicAcl, s3NoPublicPrincipal, s3PublicAccessBlock, s3TlsOnly } from "./publicAccess";

/** All S3 policies. */
export const s3Policies: MlopsPolicy[] = [
    s3PublicAccessBlock,
    s3KmsEncryption,
    s3NoPublicAcl,
    s3TlsOnly,
    s3NoPublicPrincipal,
    s3Versioning,
    s3AccessLogging,
    s3Lifecycle,
    s3NoForceDestroyInProd,
];
