/** Corpus cases: data/code references, detective controls, network, plaintext credentials (issue 15). */
import { Case, env, MODEL, MWAA, OTHER, primary, Props } from "./corpusPlan";

/** Cases of the data, detection, network and credential classes. */
export const DATA_CASES: Case[] = [
    // Data or code leaving the stack or entering it from elsewhere.
    {
        cls: "references",
        change: "data capture to a foreign bucket",
        policy: "invariant-workload-references-in-stack",
        apply: (p) =>
            p.edit(
                "EndpointConfiguration",
                (c) => ((c.dataCaptureConfig as Props).destinationS3Uri = "s3://exfil-bucket/capture"),
            ),
    },
    {
        cls: "references",
        change: "image from another account's ECR",
        policy: "invariant-workload-references-in-stack",
        apply: (p) =>
            p.edit(
                MODEL,
                (m) => (primary(m).image = `${OTHER}.dkr.ecr.us-east-1.amazonaws.com/models@sha256:${"0".repeat(64)}`),
                "primary",
            ),
    },
    {
        cls: "references",
        change: "image from Docker Hub",
        policy: "invariant-workload-references-in-stack",
        apply: (p) => p.edit(MODEL, (m) => (primary(m).image = "docker.io/library/python:3.12"), "primary"),
    },
    {
        cls: "references",
        change: "model artifacts from a foreign bucket",
        policy: "invariant-workload-references-in-stack",
        apply: (p) => p.edit(MODEL, (m) => (primary(m).modelDataUrl = "s3://someone-else/model.tar.gz"), "challenger"),
    },
    {
        cls: "references",
        change: "MODEL_BUCKET names a foreign bucket",
        policy: "invariant-workload-references-in-stack",
        apply: (p) => p.edit(MODEL, (m) => (env(m).MODEL_BUCKET = "someone-else"), "primary"),
    },
    {
        cls: "references",
        change: "Feast registry in a foreign bucket",
        policy: "invariant-workload-references-in-stack",
        apply: (p) => p.edit(MODEL, (m) => (env(m).FEAST_REGISTRY = "s3://someone-else/registry.db"), "primary"),
    },
    {
        cls: "references",
        change: "online table not the stack's",
        policy: "invariant-workload-references-in-stack",
        apply: (p) => p.edit(MODEL, (m) => (env(m).FEAST_ONLINE_TABLES = "other.table"), "primary"),
    },
    {
        cls: "references",
        change: "Glue table location in a foreign bucket",
        policy: "invariant-workload-references-in-stack",
        apply: (p) =>
            p.edit(
                "catalogTable:CatalogTable",
                (t) => ((t.storageDescriptor as Props).location = "s3://someone-else/features/"),
            ),
    },
    {
        cls: "references",
        change: "MWAA DAGs from a foreign bucket",
        policy: "invariant-workload-references-in-stack",
        apply: (p) => p.edit(MWAA, (m) => (m.sourceBucketArn = "arn:aws:s3:::someone-elses-dags")),
    },
    {
        cls: "references",
        change: "MWAA writes raw data elsewhere",
        policy: "invariant-workload-references-in-stack",
        apply: (p) =>
            p.edit(MWAA, (m) => ((m.airflowConfigurationOptions as Props)["mlops.raw_bucket"] = "someone-else")),
    },
    // Detective controls.
    {
        cls: "detective",
        change: "flow log ACCEPT only",
        policy: "invariant-detective-controls-on",
        apply: (p) => p.edit("flowLog:FlowLog", (f) => (f.trafficType = "ACCEPT")),
    },
    {
        cls: "detective",
        change: "Redshift useractivitylog export dropped",
        policy: "invariant-detective-controls-on",
        apply: (p) => p.edit("namespace:Namespace", (n) => (n.logExports = ["userlog", "connectionlog"])),
    },
    {
        cls: "detective",
        change: "Redshift enable_user_activity_logging false",
        policy: "invariant-detective-controls-on",
        apply: (p) =>
            p.edit(
                "workgroup:Workgroup",
                (w) =>
                    (w.configParameters = [{ parameterKey: "enable_user_activity_logging", parameterValue: "false" }]),
            ),
    },
    {
        cls: "detective",
        change: "rollback alarm that does not exist",
        policy: "invariant-detective-controls-on",
        apply: (p) =>
            p.edit(
                "endpoint:Endpoint",
                (e) =>
                    (((e.deploymentConfig as Props).autoRollbackConfiguration as Props).alarms = [
                        { alarmName: "no-such-alarm" },
                    ]),
            ),
    },
    {
        cls: "detective",
        change: "DEBUG task logs",
        policy: "invariant-detective-controls-on",
        apply: (p) => p.edit(MWAA, (m) => (((m.loggingConfiguration as Props).taskLogs as Props).logLevel = "DEBUG")),
    },
    {
        cls: "detective",
        change: "webserver.expose_config",
        policy: "invariant-detective-controls-on",
        apply: (p) =>
            p.edit(MWAA, (m) => ((m.airflowConfigurationOptions as Props)["webserver.expose_config"] = "True")),
    },
    // Network.
    ...[["0.0.0.0/1", "128.0.0.0/1"], ["::/0"], ["2000::/3"], ["8.8.8.8/32"]].map((cidrs): Case => ({
        cls: "network",
        change: `ingress from ${cidrs.join(" + ")}`,
        policy: "security-group-no-public-ingress",
        apply: (p) =>
            p.edit(
                "securityGroup:SecurityGroup",
                (g) =>
                    (g.ingress = [
                        {
                            description: "x",
                            protocol: "tcp",
                            fromPort: 443,
                            toPort: 443,
                            [cidrs[0].includes(":") ? "ipv6CidrBlocks" : "cidrBlocks"]: cidrs,
                        },
                    ]),
                "serving",
            ),
    })),
    {
        cls: "network",
        change: "model in a public subnet",
        policy: "invariant-workload-private-placement",
        apply: (p) => p.edit(MODEL, (m) => ((m.vpcConfig as Props).subnets = ["subnet-8992c4a5cd02b7ace"]), "primary"),
    },
    {
        cls: "network",
        change: "Redshift in a public subnet",
        policy: "invariant-workload-private-placement",
        apply: (p) => p.edit("workgroup:Workgroup", (w) => ((w.subnetIds as string[])[0] = "subnet-eea8be24a85db4612")),
    },
    {
        cls: "network",
        change: "MWAA in the default security group",
        policy: "invariant-workload-private-placement",
        apply: (p) =>
            p.edit(MWAA, (m) => ((m.networkConfiguration as Props).securityGroupIds = ["sg-0123456789abcdef0"])),
    },
    // Plaintext credentials.
    {
        cls: "credentials",
        change: "AWS secret key in the container environment",
        policy: "invariant-no-plaintext-credentials",
        apply: (p) =>
            p.edit(
                MODEL,
                (m) => (env(m).AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                "primary",
            ),
    },
    {
        cls: "credentials",
        change: "access key id as a value",
        policy: "invariant-no-plaintext-credentials",
        apply: (p) => p.edit(MODEL, (m) => (env(m).UPSTREAM = "AKIAIOSFODNN7EXAMPLE"), "challenger"),
    },
    {
        cls: "credentials",
        change: "password in an Airflow connection URL",
        policy: "invariant-no-plaintext-credentials",
        apply: (p) =>
            p.edit(
                MWAA,
                (m) =>
                    ((m.airflowConfigurationOptions as Props)["mlops.warehouse_url"] =
                        "postgresql://admin:hunter2@db.example.com/prod"),
            ),
    },
];
