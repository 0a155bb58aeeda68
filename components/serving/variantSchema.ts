/**
 * Schema of one variant of `mlops-platform:serving` (`variants[]` and `shadowVariants[]`): capacity,
 * traffic, container environment, and what it serves (the section's image plus an optional artifact,
 * or a version of the endpoint's model package group).
 */
import { z } from "zod";

/** SageMaker name rule for endpoints and variants. */
export const sagemakerName = z.string().regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, {
    error: "must be 1-63 characters of letters, digits and hyphens, starting and ending with a letter or digit",
});

const autoscalingSchema = z
    .strictObject({
        minInstances: z.number().int().min(1).max(100),
        maxInstances: z.number().int().min(1).max(100),
        invocationsPerInstance: z.number().int().min(1).max(100000),
        scaleInCooldownSeconds: z.number().int().min(0).max(3600).optional(),
        scaleOutCooldownSeconds: z.number().int().min(0).max(3600).optional(),
    })
    .superRefine((a, ctx) => {
        if (a.minInstances > a.maxInstances) {
            ctx.addIssue({ code: "custom", path: ["minInstances"], message: "must be at most maxInstances" });
        }
    });

const serverlessSchema = z.strictObject({
    memoryMb: z
        .number()
        .int()
        .min(1024)
        .max(6144)
        .refine((m) => m % 1024 === 0, { error: "must be one of 1024, 2048, 3072, 4096, 5120, 6144" }),
    maxConcurrency: z.number().int().min(1).max(200),
    provisionedConcurrency: z.number().int().min(1).max(200).optional(),
});

export const variantSchema = z
    .strictObject({
        name: sagemakerName,
        instanceType: z
            .string()
            .regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, { error: "must be a SageMaker instance type such as ml.m5.large" })
            .optional(),
        initialInstanceCount: z.number().int().min(1).max(100).optional(),
        weight: z.number().gt(0, { error: "must be greater than 0" }).max(1000).optional(),
        autoscaling: autoscalingSchema.optional(),
        serverless: serverlessSchema.optional(),
        // SageMaker: at most 100 container environment variables, keys and values up to 1024 characters.
        environment: z
            .record(
                z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,1023}$/, {
                    error: "environment variable names are letters, digits and _ (not starting with a digit)",
                }),
                z.string().max(1024),
            )
            .refine((e) => Object.keys(e).length <= 100, {
                error: "SageMaker accepts at most 100 environment variables",
            })
            .optional(),
        modelDataKey: z
            .string()
            .min(1)
            .max(900)
            .refine((k) => !k.startsWith("/") && !k.split("/").includes(".."), {
                error: "must be a key relative to the model-artifact prefix (no leading / or ..)",
            })
            .refine((k) => k.endsWith(".tar.gz"), {
                error: "must name a .tar.gz archive (SageMaker extracts it into /opt/ml/model)",
            })
            .optional(),
        // A registered version of the endpoint's model package group (1, 2, ...): CreateModel then takes the image
        // and artifact from the version's InferenceSpecification (CreateModelPackage,
        // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateModelPackage.html), so the container
        // names only ModelPackageName
        // (https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints-create-model.html).
        modelPackageVersion: z.number().int().min(1).optional(),
    })
    .superRefine((v, ctx) => {
        if (v.modelPackageVersion !== undefined && v.modelDataKey !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["modelDataKey"],
                message:
                    "does not apply with modelPackageVersion: the registered version names its own image and artifact",
            });
        }
        if (v.serverless !== undefined) {
            for (const key of ["instanceType", "initialInstanceCount", "autoscaling"] as const) {
                if (v[key] !== undefined) {
                    ctx.addIssue({ code: "custom", path: [key], message: "does not apply to a serverless variant" });
                }
            }
            if (
                v.serverless.provisionedConcurrency !== undefined &&
                v.serverless.provisionedConcurrency > v.serverless.maxConcurrency
            ) {
                ctx.addIssue({
                    code: "custom",
                    path: ["serverless", "provisionedConcurrency"],
                    message: "must be at most maxConcurrency",
                });
            }
        } else if (v.instanceType === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["instanceType"],
                message: "is required unless the variant is serverless",
            });
        }
        // Every endpoint update restarts an autoscaled variant at its InitialInstanceCount: UpdateEndpoint's
        // RetainAllVariantProperties "The default is false" (SageMaker API reference, UpdateEndpoint), and
        // @pulumi/aws 7.48's Endpoint cannot set it (terraform-provider-aws #48990, open). Any count inside the
        // scaling range is a valid restart point: the floor is cheapest, the ceiling never drops a loaded endpoint.
        if (v.autoscaling !== undefined && v.initialInstanceCount !== undefined) {
            const { minInstances, maxInstances } = v.autoscaling;
            if (v.initialInstanceCount < minInstances || v.initialInstanceCount > maxInstances) {
                ctx.addIssue({
                    code: "custom",
                    path: ["initialInstanceCount"],
                    message:
                        `must be within autoscaling bounds ${minInstances}-${maxInstances} ` +
                        "(every endpoint update restarts the variant at it)",
                });
            }
        }
    });

/** A validated variant. */
export type VariantConfig = z.infer<typeof variantSchema>;
