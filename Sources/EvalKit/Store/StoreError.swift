import Foundation

/// The database cannot be used.
public enum StoreError: Error, Sendable, DescribedError {
    case cannotOpen(path: String, reason: String)
    case noSuchRun(String)
    /// A label or reference names a result id the database does not have.
    case noSuchResult(Int64)
    case noSuchTag(String, known: [String])
    case invalidTagName(String, reason: String)
    case noRuns
    case noDatabase(String)
    case unknownEvalsets([String], known: [String])
    /// A second result for a cell the run has already stored (a bug, or two processes writing one run).
    case duplicateCell(runID: Int64, caseID: String, repeatIndex: Int)
    /// A shard would join a run of another configuration, matrix or shard count under the same run key.
    case shardMismatch(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the results database \(path): \(reason)"
        case .noSuchRun(let reference): "no run '\(reference)' in the database (see `evalctl runs list`)"
        case .noSuchResult(let id): "no result with id \(id) in the database"
        case .noSuchTag(let name, let known):
            "no run is tagged '\(name)'" + (known.isEmpty
                ? " (no tags yet: tag a run with `evalctl runs tag RUN_ID \(name)` or `evalctl run … --tag \(name)`)"
                : " (tags: \(known.joined(separator: ", ")))")
        case .invalidTagName(let name, let reason): "invalid tag name '\(name)': \(reason)"
        case .noDatabase(let path): "no results database at \(path) (check --db or EVALCTL_DB; `evalctl run` creates it)"
        case .unknownEvalsets(let names, let known):
            "no run has eval set \(names.map { "'\($0)'" }.joined(separator: ", ")) (eval sets in the database: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
                + (names.first.map { NameSuggestion.hint(for: $0, among: known) } ?? "")
        case .duplicateCell(let runID, let caseID, let repeatIndex):
            "run \(runID) already has a result for case '\(caseID)' repeat \(repeatIndex + 1): a cell is stored once"
        case .shardMismatch(let reason): reason
        case .noRuns: "the database has no runs yet (start one with `evalctl run`)"
        }
    }
}
