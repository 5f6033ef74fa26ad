import Foundation

/// Which part of a run this process runs: shard `index` of `count` (`--shard K/N`, numbered from 1).
///
/// A case belongs to the shard its eval set and case id hash to, so every cell (all of a case's prompts, backends and
/// repeats) belongs to exactly one shard, the same on every machine, whatever order the cases are read in.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public static let maximumCount = 1_000

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (1...count).contains(index), "shard \(index)/\(count) out of range")
        self.index = index
        self.count = count
    }

    /// Reads `K/N`, e.g. `2/4`.
    public init(parsing text: String) throws(InvalidInput) {
        func refuse(_ message: String) -> InvalidInput {
            InvalidInput([InputProblem(file: "--shard", line: nil, message: "'\(text)': \(message)")])
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let count = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw refuse("expected K/N, shard K of N, e.g. --shard 2/4")
        }
        guard (1...Self.maximumCount).contains(count) else {
            throw refuse("the number of shards must be between 1 and \(Self.maximumCount)")
        }
        guard index >= 1 else {
            throw refuse("shards are numbered from 1 (1/\(count) … \(count)/\(count)); a Kubernetes Indexed Job's "
                + "JOB_COMPLETION_INDEX starts at 0: pass $((JOB_COMPLETION_INDEX + 1))/\(count)")
        }
        guard index <= count else { throw refuse("there is no shard \(index) of \(count) (1/\(count) … \(count)/\(count))") }
        self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }

    /// The shard (1-based) a case belongs to among `count`: the first eight bytes of SHA-256 over the eval set name and
    /// the case id, modulo `count`.
    public static func index(ofCase caseID: String, evalset: String, count: Int) -> Int {
        let digest = SHA256.digest(Array("\(evalset)\u{1F}\(caseID)".utf8))
        let prefix = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(prefix % UInt64(count)) + 1
    }

    public func owns(caseID: String, evalset: String) -> Bool {
        count == 1 || Self.index(ofCase: caseID, evalset: evalset, count: count) == index
    }

    /// Checks a run key: printable, at most 200 characters, and not a word `runID(for:)` reads otherwise (`latest`, a
    /// number).
    public static func checkRunKey(_ key: String) throws(InvalidInput) {
        func refuse(_ message: String) -> InvalidInput {
            InvalidInput([InputProblem(file: "--run-key", line: nil, message: message)])
        }
        if key.isEmpty { throw refuse("the run key is empty: give every shard of a run the same key, e.g. the CI pipeline's id") }
        if key.count > 200 { throw refuse("the run key is \(key.count) characters long; at most 200") }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.:/@+=#"))
        if key.unicodeScalars.contains(where: { !allowed.contains($0) || !$0.isASCII }) {
            throw refuse("'\(key)': use ASCII letters, digits and - _ . : / @ + = #")
        }
        if key.allSatisfy(\.isNumber) {
            throw refuse("'\(key)': a run key of digits only would read as a run id; prefix it, e.g. --run-key gh-\(key)")
        }
        if key == "latest" { throw refuse("'latest' names the newest run; choose another run key") }
    }
}

/// What a shard did (`RunOrchestrator.Outcome.shard`): its own cells, and where the run stands after it.
public struct ShardOutcome: Sendable {
    public let shard: Shard
    public let key: String
    public let runID: Int64
    /// This shard created the run.
    public let created: Bool
    /// The shard's earlier attempt, when this one continued it.
    public let earlier: RunShard?
    /// How many cells of the matrix belong to the shard.
    public let cells: Int
    /// What this attempt sent and how those cells ended.
    public let sent: RunProgress
    /// The run's shards after this one finished.
    public let state: ShardedRunState

    init(shard: Shard, key: String, runID: Int64, created: Bool, earlier: RunShard?, cells: Int, sent: RunProgress,
         state: ShardedRunState) {
        (self.shard, self.key, self.runID, self.created, self.earlier, self.cells) = (shard, key, runID, created, earlier, cells)
        (self.sent, self.state) = (sent, state)
    }

    /// This shard was the last to finish, and closed the run.
    public var closedRun: Bool { state.allFinished }
}
