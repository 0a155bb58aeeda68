/**
 * The AWS resource classes the rules filter on, reduced to what `@pulumi/policy` reads from them: the
 * static type token (`server.js` `isTypeOf` compares `__pulumiType` before anything else), typed as the
 * real classes so each validator still sees the provider's resource shape. Importing @pulumi/aws itself
 * would load the whole provider SDK into the pack's process (about 0.3 s of its start) for these strings;
 * test/policies/awsResources.spec.ts proves every token equals the class's own.
 */
import type * as sdk from "@pulumi/aws";

/** A resource class as `validateResourceOfType` uses it: its type token, typed as the class. */
function resource<C>(token: string): C {
    return { __pulumiType: token } as unknown as C;
}

/** The classes by module, spelled as `@pulumi/aws` spells them (`aws.kms.Key`). */
export const aws = {
    appautoscaling: {
        Target: resource<typeof sdk.appautoscaling.Target>("aws:appautoscaling/target:Target"),
    },
    cloudwatch: {
        LogGroup: resource<typeof sdk.cloudwatch.LogGroup>("aws:cloudwatch/logGroup:LogGroup"),
        MetricAlarm: resource<typeof sdk.cloudwatch.MetricAlarm>("aws:cloudwatch/metricAlarm:MetricAlarm"),
    },
    dynamodb: {
        Table: resource<typeof sdk.dynamodb.Table>("aws:dynamodb/table:Table"),
    },
    ec2: {
        FlowLog: resource<typeof sdk.ec2.FlowLog>("aws:ec2/flowLog:FlowLog"),
        SecurityGroup: resource<typeof sdk.ec2.SecurityGroup>("aws:ec2/securityGroup:SecurityGroup"),
        SecurityGroupRule: resource<typeof sdk.ec2.SecurityGroupRule>("aws:ec2/securityGroupRule:SecurityGroupRule"),
        Subnet: resource<typeof sdk.ec2.Subnet>("aws:ec2/subnet:Subnet"),
    },
    ecr: {
        LifecyclePolicy: resource<typeof sdk.ecr.LifecyclePolicy>("aws:ecr/lifecyclePolicy:LifecyclePolicy"),
        Repository: resource<typeof sdk.ecr.Repository>("aws:ecr/repository:Repository"),
        RepositoryPolicy: resource<typeof sdk.ecr.RepositoryPolicy>("aws:ecr/repositoryPolicy:RepositoryPolicy"),
    },
    glue: {
        Crawler: resource<typeof sdk.glue.Crawler>("aws:glue/crawler:Crawler"),
        DataCatalogEncryptionSettings: resource<typeof sdk.glue.DataCatalogEncryptionSettings>(
            "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
        ),
        Job: resource<typeof sdk.glue.Job>("aws:glue/job:Job"),
        SecurityConfiguration: resource<typeof sdk.glue.SecurityConfiguration>(
            "aws:glue/securityConfiguration:SecurityConfiguration",
        ),
    },
    iam: {
        Role: resource<typeof sdk.iam.Role>("aws:iam/role:Role"),
    },
    kms: {
        Key: resource<typeof sdk.kms.Key>("aws:kms/key:Key"),
    },
    mwaa: {
        Environment: resource<typeof sdk.mwaa.Environment>("aws:mwaa/environment:Environment"),
    },
    redshift: {
        Cluster: resource<typeof sdk.redshift.Cluster>("aws:redshift/cluster:Cluster"),
        Logging: resource<typeof sdk.redshift.Logging>("aws:redshift/logging:Logging"),
    },
    redshiftserverless: {
        Namespace: resource<typeof sdk.redshiftserverless.Namespace>("aws:redshiftserverless/namespace:Namespace"),
        Workgroup: resource<typeof sdk.redshiftserverless.Workgroup>("aws:redshiftserverless/workgroup:Workgroup"),
    },
    s3: {
        Bucket: resource<typeof sdk.s3.Bucket>("aws:s3/bucket:Bucket"),
        BucketLifecycleConfiguration: resource<typeof sdk.s3.BucketLifecycleConfiguration>(
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        ),
        BucketLogging: resource<typeof sdk.s3.BucketLogging>("aws:s3/bucketLogging:BucketLogging"),
        BucketOwnershipControls: resource<typeof sdk.s3.BucketOwnershipControls>(
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        ),
        BucketPublicAccessBlock: resource<typeof sdk.s3.BucketPublicAccessBlock>(
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        ),
        BucketServerSideEncryptionConfiguration: resource<typeof sdk.s3.BucketServerSideEncryptionConfiguration>(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        ),
        BucketV2: resource<typeof sdk.s3.BucketV2>("aws:s3/bucketV2:BucketV2"),
        BucketVersioning: resource<typeof sdk.s3.BucketVersioning>("aws:s3/bucketVersioning:BucketVersioning"),
    },
    sagemaker: {
        Endpoint: resource<typeof sdk.sagemaker.Endpoint>("aws:sagemaker/endpoint:Endpoint"),
        EndpointConfiguration: resource<typeof sdk.sagemaker.EndpointConfiguration>(
            "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
        ),
        Model: resource<typeof sdk.sagemaker.Model>("aws:sagemaker/model:Model"),
    },
    vpc: {
        SecurityGroupEgressRule: resource<typeof sdk.vpc.SecurityGroupEgressRule>(
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
        ),
        SecurityGroupIngressRule: resource<typeof sdk.vpc.SecurityGroupIngressRule>(
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        ),
    },
};
