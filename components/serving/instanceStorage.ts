/**
 * Instance types whose storage is local NVMe (instance store) rather than EBS. SageMaker refuses an endpoint
 * configuration's volume key for them: "You can't request a KmsKeyId when using an instance type with local
 * storage. If any of the models that you specify in the ProductionVariants parameter use nitro-based
 * instances with local storage, do not specify a value for the KmsKeyId parameter"; their volumes "are
 * encrypted using a hardware module on the instance" (CreateEndpointConfig, KmsKeyId,
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html). Which types
 * have instance storage is EC2's table ("Instance store specifications",
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-type-specifications.html): the `d` families (c5d, m5d, r5d, g4dn, p3dn, p4d, p4de, c6id, ...) and
 * the GPU/accelerator families g5, g6, g6e, p5, p5e, p5en, dl1, trn1, trn1n and trn2.
 */

const INSTANCE_STORE_FAMILY = /^ml\.([a-z]+\d+[a-z]*d[a-z]*|g5|g6|g6e|p5|p5e|p5en|dl1|trn1|trn1n|trn2)\./;

/** True when SageMaker serves this instance type from local NVMe storage (no volume KMS key). */
export function hasInstanceStorage(instanceType: string | undefined): boolean {
    return instanceType !== undefined && INSTANCE_STORE_FAMILY.test(instanceType);
}

/** True when the endpoint configuration may carry a volume KMS key: no variant runs on instance storage. */
export function acceptsVolumeKey(variants: readonly { readonly instanceType?: string }[]): boolean {
    return !variants.some((v) => hasInstanceStorage(v.instanceType));
}
