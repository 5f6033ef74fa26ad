import Foundation

/// One result in a review queue: the stored result and its scores, why it is queued, and people's current labels.
public struct ReviewItem: Sendable {
    public var result: StoredResult
    /// Why the result is queued, in words: `flag: refusal`, `failed: exact`, `error: HTTP 500`, `judge disagrees: …`.
    public var reasons: [String]
    /// Each reviewer's current label on the result.
    public var labels: [ReviewLabel]
    /// The case's expected answer, when it could be found (it is not stored with results; see `ReviewExpected`).
    public var expected: String?
    /// Why `expected` is nil, or where it came from.
    public var expectedNote: String = "the expected answer is not stored with results"

    public init(result: StoredResult, reasons: [String], labels: [ReviewLabel]) {
        self.result = result
        self.reasons = reasons
        self.labels = labels
    }

    public var id: Int64 { result.result.id }
    public var record: ResultRecord { result.result.fields }

    /// `qa/capital-fr`, with ` #2` for a second repeat.
    public var caseLabel: String {
        "\(record.evalset)/\(record.caseID)" + (record.repeatIndex > 0 ? " #\(record.repeatIndex + 1)" : "")
    }

    /// The reviewer's current label, if they gave one.
    public func label(by reviewer: String) -> ReviewLabel? {
        labels.first { $0.reviewer == reviewer }
    }

    /// The rendered prompt: the stored request's messages as (role, content), or the raw request when it is not the
    /// chat shape evalctl stores.
    public var messages: [(role: String, content: String)] {
        guard let request = try? JSONValue(parsing: Data(record.request.utf8)),
              let messages = request["messages"]?.arrayValue else { return [("request", record.request)] }
        return messages.map { ($0["role"]?.stringValue ?? "?", $0["content"]?.plainText ?? "") }
    }
}
