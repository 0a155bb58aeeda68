/**
 * The four Analyzer calls the runner makes, whichever way the pack runs: over gRPC to the pack's
 * own process (packProcess.ts, what `pulumi preview --policy-pack` does) or straight into the same
 * @pulumi/policy handlers loaded in this process (inProcessPack.ts). Both take and return the
 * Analyzer protocol's protobuf messages, so the requests and the diagnostics are the same objects;
 * only the requests' property bags differ, as each client's {@link PackClient.structOf} makes them.
 */
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import type { StructOf } from "./analyzerProtocol";

/** How the pack runs: in this process (default for local plans and tests) or in its own over gRPC (CI). */
export type PolicyMode = "in-process" | "grpc";

/** Every policy mode, for flag validation. */
export const POLICY_MODES: readonly PolicyMode[] = ["in-process", "grpc"];

/** A started pack. */
export interface PackClient {
    /**
     * Makes the requests' property bags: real protobuf Structs for a pack process (they are
     * serialized), plain-value Structs for the handlers in this process (inProcessPack.ts).
     */
    readonly structOf: StructOf;
    getAnalyzerInfo(req: Empty): Promise<proto.AnalyzerInfo>;
    configure(req: proto.ConfigureAnalyzerRequest): Promise<unknown>;
    analyze(req: proto.AnalyzeRequest): Promise<proto.AnalyzeResponse>;
    analyzeStack(req: proto.AnalyzeStackRequest): Promise<proto.AnalyzeResponse>;
    /** Ends the pack; for a pack process, resolves once the process has exited. */
    close(): Promise<void>;
}
