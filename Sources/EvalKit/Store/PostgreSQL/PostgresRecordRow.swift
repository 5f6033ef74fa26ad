import Foundation
import PostgresNIO

/// A row read back from PostgreSQL, by column name, and the store's records decoded from it.
struct PostgresRecordRow {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        self.row = row.makeRandomAccess()
    }

    subscript<Value: PostgresDecodable>(_ column: String) -> Value {
        get throws { try row[column].decode(Value.self) }
    }

    /// A text column holding one of `Value`'s raw values.
    func value<Value: RawRepresentable>(_ column: String) throws -> Value where Value.RawValue == String {
        let text: String = try self[column]
        guard let value = Value(rawValue: text) else { throw DecodingFailure(column: column, text: text) }
        return value
    }

    struct DecodingFailure: Error, DescribedError {
        var column: String, text: String
        var description: String { "unexpected value '\(text)' in column \(column)" }
    }

    var run: Stored<RunRecord> {
        get throws {
            let pid: Int64? = try self["owner_pid"]
            return Stored(id: try self["id"], RunRecord(
                startedAt: try self["started_at"], finishedAt: try self["finished_at"], status: try value("status"),
                gitCommit: try self["git_commit"], evalctlVersion: try self["evalctl_version"], configHash: try self["config_hash"],
                tag: try self["tag"], hostname: try self["hostname"], command: try self["command"], ownerPID: pid.map { Int32($0) },
                ownerStartTime: try self["owner_start_time"], ownerBootID: try self["owner_boot_id"],
                caseSelection: try self["case_selection"], plan: try self["plan"], maxCostUSD: try self["max_cost_usd"],
                rescoredFrom: try self["rescored_from"], resumedCount: try self["resumed_count"], runKey: try self["run_key"],
                shardCount: try self["shard_count"], matrixHash: try self["matrix_hash"]))
        }
    }

    var suite: Stored<SuiteRecord> {
        get throws {
            Stored(id: try self["id"], SuiteRecord(
                runID: try self["run_id"], evalset: try self["evalset"], evalsetVersion: try self["evalset_version"],
                evalsetHash: try self["evalset_hash"], promptID: try self["prompt_id"], promptHash: try self["prompt_hash"],
                backend: try self["backend"], model: try self["model"], minPassRate: try self["min_pass_rate"],
                caseCount: try self["case_count"], repeats: try self["repeats"], inputUSDPerMTok: try self["input_usd_per_mtok"],
                outputUSDPerMTok: try self["output_usd_per_mtok"], backendIdentity: try self["backend_identity"],
                evalsetDataHash: try self["evalset_data_hash"]))
        }
    }

    var result: Stored<ResultRecord> {
        get throws {
            let errorKind: String? = try self["error_kind"]
            return Stored(id: try self["id"], ResultRecord(
                runID: try self["run_id"], suiteID: try self["suite_id"], evalset: try self["evalset"],
                evalsetVersion: try self["evalset_version"], evalsetHash: try self["evalset_hash"], caseID: try self["case_id"],
                caseHash: try self["case_hash"], promptID: try self["prompt_id"], promptHash: try self["prompt_hash"],
                backend: try self["backend"], model: try self["model"], repeatIndex: try self["repeat_index"],
                request: try self["request"], output: try self["output"], status: try value("status"), error: try self["error"],
                errorKind: errorKind.flatMap(ErrorKind.init(rawValue:)), latencyMs: try self["latency_ms"],
                ttftMs: try self["ttft_ms"], promptTokens: try self["prompt_tokens"], completionTokens: try self["completion_tokens"],
                attempts: try self["attempts"], finishReason: try self["finish_reason"],
                systemFingerprint: try self["system_fingerprint"], completedAt: try self["completed_at"],
                cacheKey: try self["cache_key"], fromCache: try self["from_cache"], costUSD: try self["cost_usd"],
                judgeCostUSD: try self["judge_cost_usd"], answeredBy: try self["answered_by"],
                cacheCreationInputTokens: try self["cache_creation_input_tokens"],
                cacheReadInputTokens: try self["cache_read_input_tokens"], flags: StoredText.flags(try self["flags"])))
        }
    }

    var score: ScoreRecord {
        get throws {
            ScoreRecord(resultID: try self["result_id"], scorer: try self["scorer"], value: try self["value"],
                        threshold: try self["threshold"], passed: try self["passed"], reason: try self["reason"],
                        details: try self["details"])
        }
    }

    var cachedAnswer: CachedAnswer {
        get throws {
            CachedAnswer(
                key: try self["key"], wireType: try self["wire_type"], endpoint: try self["endpoint"], model: try self["model"],
                sample: try self["sample"], request: try self["request"], output: try self["output"],
                finishReason: try self["finish_reason"], promptTokens: try self["prompt_tokens"],
                completionTokens: try self["completion_tokens"], systemFingerprint: try self["system_fingerprint"],
                servedModel: try self["served_model"], latencyMs: try self["latency_ms"], ttftMs: try self["ttft_ms"],
                recordedAt: try self["recorded_at"])
        }
    }
}
