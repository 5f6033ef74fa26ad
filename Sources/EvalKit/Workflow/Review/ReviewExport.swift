import Foundation

/// `evalctl review export`: a queue as JSON Lines, one object per item in queue order, for people who label
/// elsewhere; `review import` reads the labels back by `id`.
///
/// Each object: `id` (the result id), `run_id`, `evalset`, `case_id`, `repeat`, `prompt`, `backend`, `model`, `status`,
/// `input` (the rendered messages, `role` and `content`), `expected` (or null), `expected_note`, `output` (or null),
/// `error` (or null), `scores` (`scorer`, `value`, `threshold`, `passed`, `reason`), `flags`, `queued_because`,
/// `labels` (current labels: `reviewer`, `label`, `note`, `labelled_at`).
public enum ReviewExport {
    public static func jsonLines(_ queue: ReviewQueue) -> String {
        queue.items.map { object($0, runID: queue.runID).canonicalJSON + "\n" }.joined()
    }

    static func object(_ item: ReviewItem, runID: Int64) -> JSONValue {
        let record = item.record
        return .object([
            "id": .number(Double(item.id)), "run_id": .number(Double(runID)),
            "evalset": .string(record.evalset), "case_id": .string(record.caseID), "repeat": .number(Double(record.repeatIndex)),
            "prompt": .string(record.promptID), "backend": .string(record.backend), "model": .string(record.model),
            "status": .string(record.status.rawValue),
            "input": .array(item.messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) }),
            "expected": item.expected.map(JSONValue.string) ?? .null, "expected_note": .string(item.expectedNote),
            "output": record.output.map(JSONValue.string) ?? .null, "error": record.error.map(JSONValue.string) ?? .null,
            "scores": .array(item.result.scores.map {
                .object(["scorer": .string($0.scorer), "value": .number($0.value), "threshold": .number($0.threshold),
                         "passed": .bool($0.passed), "reason": .string($0.reason)])
            }),
            "flags": .array((record.flags ?? []).map(JSONValue.string)),
            "queued_because": .array(item.reasons.map(JSONValue.string)),
            "labels": .array(item.labels.map {
                .object(["reviewer": .string($0.reviewer), "label": .string($0.label.rawValue),
                         "note": $0.note.map(JSONValue.string) ?? .null, "labelled_at": .string(CassetteTimestamp.format($0.labelledAt))])
            }),
        ])
    }
}
