import Foundation

/// A person's verdict on one stored result: the review queue's output, and the ground truth judge calibration
/// measures an LLM judge against.
///
/// Every label is kept; a reviewer's newest label on a result is their current one (a later label by the same
/// reviewer replaces theirs, a label by another reviewer stands beside it).
public struct ReviewLabel: Sendable, Hashable {
    public enum Verdict: String, Sendable, CaseIterable {
        case pass, fail
    }

    /// The result's id in the store (`results.id`): stable for the life of the database.
    public var resultID: Int64
    public var reviewer: String
    public var label: Verdict
    public var note: String?
    public var labelledAt: Date

    public init(resultID: Int64, reviewer: String, label: Verdict, note: String? = nil, labelledAt: Date) {
        self.resultID = resultID
        self.reviewer = reviewer
        self.label = label
        self.note = note
        self.labelledAt = labelledAt
    }
}
