import Foundation

/// One rated answer from production (`evalctl feedback import`): what a user asked, what the system answered, and
/// their verdict. Stored under the producer's own `id`, so importing the same export twice changes nothing.
///
/// ```swift
/// let record = FeedbackRecord(id: "conv-81", input: .string("Capital of Peru?"), output: "Quito",
///                             rating: .thumb(down: true), contentHash: "…", importedAt: Date())
/// ```
public struct FeedbackRecord: Sendable, Hashable {
    /// The producer's id for the record: the key that makes an import idempotent.
    public var id: String
    /// The input: a string, or chat messages (an array of `{"role", "content"}` objects).
    public var input: JSONValue
    public var output: String
    public var rating: FeedbackRating
    public var user: String?
    public var promptVersion: String?
    public var model: String?
    /// When the answer was rated, if the record says; reports fall back to `importedAt`.
    public var time: Date?
    /// The answer a reviewer or user says was expected, if the record has one: `promote` makes it a case's `expected`.
    public var correction: String?
    /// SHA-256 of the record's content (its line as canonical JSON): same id and same hash is the same record.
    public var contentHash: String
    public var importedAt: Date

    public init(id: String, input: JSONValue, output: String, rating: FeedbackRating, user: String? = nil,
                promptVersion: String? = nil, model: String? = nil, time: Date? = nil, correction: String? = nil,
                contentHash: String, importedAt: Date) {
        self.id = id
        self.input = input
        self.output = output
        self.rating = rating
        self.user = user
        self.promptVersion = promptVersion
        self.model = model
        self.time = time
        self.correction = correction
        self.contentHash = contentHash
        self.importedAt = importedAt
    }

    /// The time reports and `--since` go by: when it was rated, else when it was imported.
    public var effectiveTime: Date { time ?? importedAt }
    public var isDown: Bool { rating.isDown }
    public var vote: FeedbackVote { FeedbackVote(time: effectiveTime, down: isDown, promptVersion: promptVersion, model: model) }
}

/// What a report needs of one record (no input or output text), so a month of busy production fits in memory.
public struct FeedbackVote: Sendable, Hashable {
    /// When it was rated, else when it was imported.
    public var time: Date
    public var down: Bool
    public var promptVersion: String?
    public var model: String?

    public init(time: Date, down: Bool, promptVersion: String? = nil, model: String? = nil) {
        self.time = time
        self.down = down
        self.promptVersion = promptVersion
        self.model = model
    }
}

/// A user's rating: thumbs up or down, or a number on a scale (down when in the lower half of the scale).
public enum FeedbackRating: Sendable, Hashable {
    case thumb(down: Bool)
    case score(Double, minimum: Double, maximum: Double)

    /// A number is a down-vote when it is below the scale's midpoint: 1 and 2 of 1–5, 1 to 5 of 1–10.
    public var isDown: Bool {
        switch self {
        case .thumb(let down): down
        case .score(let value, let minimum, let maximum): value < (minimum + maximum) / 2
        }
    }

    /// `up`, `down` or the number as written in JSON (`4`, `3.5`).
    public var text: String {
        switch self {
        case .thumb(let down): down ? "down" : "up"
        case .score(let value, _, _): JSONValue.number(value).canonicalJSON
        }
    }
}

/// What one feedback import did: records new to the store, records it already held (same id, same content), and
/// ids it holds with different content (stored only with `replace`; otherwise nothing at all is stored).
public struct FeedbackImportOutcome: Sendable, Hashable {
    public var imported: Int
    public var alreadyPresent: Int
    public var changedIDs: [String]
    public var replaced: Int

    public init(imported: Int, alreadyPresent: Int, changedIDs: [String], replaced: Int) {
        self.imported = imported
        self.alreadyPresent = alreadyPresent
        self.changedIDs = changedIDs
        self.replaced = replaced
    }
}
