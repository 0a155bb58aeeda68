/**
 * The policy pack's own list of SageMaker instance types with local NVMe (instance store) volumes, for
 * which CreateEndpointConfig refuses a KmsKeyId ("If any of the models that you specify in the
 * ProductionVariants parameter use nitro-based instances with local storage, do not specify a value for the
 * KmsKeyId parameter", https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html;
 * families from EC2's instance store table). Kept apart from the components: an independent witness.
 */
const INSTANCE_STORE_FAMILY = /^ml\.([a-z]+\d+[a-z]*d[a-z]*|g5|g6|g6e|p5|p5e|p5en|dl1|trn1|trn1n|trn2)\./;

/** True when the instance type's storage is local NVMe. */
export function instanceStoreType(instanceType: unknown): boolean {
    return typeof instanceType === "string" && INSTANCE_STORE_FAMILY.test(instanceType);
}
