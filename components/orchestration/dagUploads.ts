/** Objects uploaded into an MWAA environment's DAG bucket (requirements, DAGs, plugins, startup script, job config). */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import { SecureBucket } from "../storage/secureBucket";
import { contentTypeOf, md5 } from "./airflowFiles";

/** An object's body: literal content, or a file whose bytes are hashed to detect edits. */
export type DagObjectBody = { content: pulumi.Input<string> } | { file: string };

/** Uploads one object as `<name>-<logicalSuffix>` under `key`. */
export type DagObjectUpload = (logicalSuffix: string, key: string, body: DagObjectBody) => aws.s3.BucketObjectv2;

/** The uploader of the component `name` into `dagBucket`, its objects children of `parent`. */
export function dagObjectUploader(
    name: string,
    dagBucket: SecureBucket,
    tags: Record<string, string>,
    parent: pulumi.Resource,
): DagObjectUpload {
    const bucket = dagBucket.bucketName;
    // Uploads wait for the whole SecureBucket (versioning, SSE-KMS default, public access block,
    // policy): an object written before versioning is on has no versionId to pin, and one written
    // before the KMS default is encrypted with SSE-S3 instead of the stack key.
    const uploadOptions = { parent, dependsOn: [dagBucket] };
    return (logicalSuffix, key, body) =>
        new aws.s3.BucketObjectv2(
            `${name}-${logicalSuffix}`,
            {
                bucket,
                key,
                ...("content" in body
                    ? { content: body.content }
                    : // S3's ETag is not an MD5 under SSE-KMS, so the file hash is what detects edits.
                      {
                          source: new pulumi.asset.FileAsset(body.file),
                          sourceHash: md5(fs.readFileSync(body.file)),
                      }),
                contentType: contentTypeOf(key),
                tags,
            },
            uploadOptions,
        );
}
