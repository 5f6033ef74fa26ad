import Foundation

extension FeedbackRecord {
    /// The record as the `feedback` table stores it, in both stores: the rating as text with its scale's bounds (none
    /// for a thumb), the input as canonical JSON.
    struct Columns {
        var id: String, input: String, output: String, rating: String, ratingMin: Double?, ratingMax: Double?, down: Bool
        var user: String?, promptVersion: String?, model: String?, time: Date?, correction: String?, contentHash: String
        var importedAt: Date
    }

    var columns: Columns {
        var minimum: Double?, maximum: Double?
        if case .score(_, let low, let high) = rating { (minimum, maximum) = (low, high) }
        return Columns(id: id, input: input.canonicalJSON, output: output, rating: rating.text, ratingMin: minimum,
                       ratingMax: maximum, down: isDown, user: user, promptVersion: promptVersion, model: model, time: time,
                       correction: correction, contentHash: contentHash, importedAt: importedAt)
    }

    init(_ c: Columns) {
        let rating: FeedbackRating = switch (c.ratingMin, c.ratingMax) {
        case (let minimum?, let maximum?): .score(Double(c.rating) ?? minimum, minimum: minimum, maximum: maximum)
        default: .thumb(down: c.down)
        }
        self.init(id: c.id, input: (try? JSONValue(parsing: Data(c.input.utf8))) ?? .string(c.input), output: c.output,
                  rating: rating, user: c.user, promptVersion: c.promptVersion, model: c.model, time: c.time,
                  correction: c.correction, contentHash: c.contentHash, importedAt: c.importedAt)
    }
}

/// What an import will do, from the content hashes stored under the records' ids: the same rule in every store.
struct FeedbackImportPlan {
    private(set) var new: [FeedbackRecord] = [], changed: [FeedbackRecord] = [], same = 0

    init(_ records: [FeedbackRecord], storedHash: (String) throws -> String?) rethrows {
        for record in records {
            switch try storedHash(record.id) {
            case nil: new.append(record)
            case record.contentHash: same += 1
            default: changed.append(record)
            }
        }
    }

    /// The records to write and what to report. Changed content without `replace` stores nothing: the caller reports
    /// the ids and the user decides.
    func outcome(replace: Bool) -> (write: [FeedbackRecord], outcome: FeedbackImportOutcome) {
        let changedIDs = changed.map(\.id)
        guard changed.isEmpty || replace else {
            return ([], FeedbackImportOutcome(imported: 0, alreadyPresent: same, changedIDs: changedIDs, replaced: 0))
        }
        return (new + changed, FeedbackImportOutcome(imported: new.count, alreadyPresent: same, changedIDs: changedIDs,
                                                     replaced: changed.count))
    }
}
