/// A candidate run compared with a baseline run: every shared eval set × prompt × backend and scorer, the
/// statistics and the gate's verdict on each, the cases that flipped, and what changed between the runs.
///
/// ```swift
/// let comparison = try await RunComparison.load(store: store, baseline: "main", candidate: "latest")
/// switch comparison.verdict { case .regression: …; case .inconclusive: …; case .noRegression: … }
/// ```
public struct RunComparison: Sendable {
    public let baseline: RunSummary
    public let candidate: RunSummary
    public let policy: ComparisonPolicy
    /// Suites present in both runs, in key order.
    public let suites: [SuitePairing]
    public let suitesOnlyInBaseline: [SuiteKey]
    public let suitesOnlyInCandidate: [SuiteKey]
    /// In suite then scorer order.
    public let scorers: [ScorerComparison]
    /// Regressions first, then improvements; by suite and case id within each.
    public let flipped: [FlippedCase]
    /// What changed between the runs that a reader should know: every cause `ChangeAttribution` names (backend
    /// config, model served, prompt and eval set content, fingerprint, evalctl), fallbacks, repeats, subsets.
    public let notes: [String]

    public var regressions: [ScorerComparison] { scorers.filter { $0.verdict == .regression } }
    public var hasRegression: Bool { scorers.contains { $0.verdict == .regression } }
    /// The comparisons whose eval set cannot detect a drop of the margin (or of the drop observed).
    public var inconclusive: [ScorerComparison] { scorers.filter { $0.verdict == .inconclusive } }
    /// Regression, inconclusive or no regression: what the gate concludes.
    public var verdict: GateVerdict { GateVerdict(scorers) }
    public var pairedCases: Int { suites.reduce(0) { $0 + $1.pairs.count } }

    /// Whether the case passed in the baseline and fails in the candidate.
    public func regressed(_ suite: SuiteKey, caseID: String) -> Bool {
        regressedCases.contains(RegressedCase(suite: suite, caseID: caseID))
    }

    private struct RegressedCase: Hashable, Sendable {
        let suite: SuiteKey
        let caseID: String
    }

    private let regressedCases: Set<RegressedCase>

    /// Compares two runs' stored results. Throws when nothing can be compared, or an eval set's version changed
    /// and the policy does not allow it.
    public init(
        baseline: RunSummary, baselineResults: [StoredResult], baselineScales: [Int64: [String: ScoreScale]] = [:],
        candidate: RunSummary, candidateResults: [StoredResult], candidateScales: [Int64: [String: ScoreScale]] = [:],
        policy: ComparisonPolicy = ComparisonPolicy()
    ) throws(ComparisonError) {
        self.baseline = baseline
        self.candidate = candidate
        self.policy = policy
        let before = Dictionary(baseline.suites.map { (SuiteKey($0.suite), $0.suite) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(candidate.suites.map { (SuiteKey($0.suite), $0.suite) }, uniquingKeysWith: { first, _ in first })
        let baselineBySuite = Dictionary(grouping: baselineResults, by: \.result.suiteID)
        let candidateBySuite = Dictionary(grouping: candidateResults, by: \.result.suiteID)
        var reasons: [String] = [], notes: [String] = [], suites: [SuitePairing] = []
        for (role, summary) in [("baseline", baseline), ("candidate", candidate)] where summary.run.status != .completed {
            let problem = "the \(role) run \(summary.run.id) is \(summary.run.status.rawValue), not completed"
            if policy.requireCompletedRuns { reasons.append(problem + ": gate a completed run") } else { notes.append(problem) }
        }
        for (role, summary) in [("baseline", baseline), ("candidate", candidate)] {
            if let selection = summary.run.caseSelection {
                notes.append("the \(role) run \(summary.run.id) ran a subset of the cases (\(selection)): only cases both runs have are compared")
            }
        }
        var runCauses: Set<ChangeCause> = []
        for key in Set(before.keys).intersection(after.keys).sorted() {
            let old = before[key]!, new = after[key]!
            if old.evalsetVersion != new.evalsetVersion {
                let change = "eval set \(key.evalset) changed version \(old.evalsetVersion) → \(new.evalsetVersion)"
                if policy.allowVersionChange { notes.append(change) } else { reasons.append(change + " (pass --allow-version-change to compare the cases that did not change)") }
            }
            let pairing = SuitePairing(baseline: old, baselineResults: baselineBySuite[old.id] ?? [],
                                       candidate: new, candidateResults: candidateBySuite[new.id] ?? [])
            notes += Self.causeNotes(key, baseline: (baseline.run.fields, old, baselineBySuite[old.id] ?? []),
                                     candidate: (candidate.run.fields, new, candidateBySuite[new.id] ?? []), pairing: pairing,
                                     notedRunCauses: &runCauses)
            if let note = Self.fallbackNote(key, baseline: (baseline.run.id, baselineBySuite[old.id] ?? []),
                                            candidate: (candidate.run.id, candidateBySuite[new.id] ?? [])) {
                notes.append(note)
            }
            if old.repeats != new.repeats { notes.append("\(key): repeats \(old.repeats) → \(new.repeats)") }
            suites.append(pairing)
        }
        suitesOnlyInBaseline = Set(before.keys).subtracting(after.keys).sorted()
        suitesOnlyInCandidate = Set(after.keys).subtracting(before.keys).sorted()
        if suites.allSatisfy({ $0.pairs.isEmpty }) {
            reasons.append(suites.isEmpty
                ? "no eval set × prompt × backend is in both runs (baseline: \(Self.list(before.keys)); candidate: \(Self.list(after.keys)))"
                : "no case has a result without errors and the same content in both runs")
        }
        guard reasons.isEmpty else { throw ComparisonError(reasons: reasons) }
        self.suites = suites
        self.notes = notes

        var scorers: [ScorerComparison] = []
        for pairing in suites {
            let scales = Self.scales(pairing, baselineScales: baselineScales, candidateScales: candidateScales)
            for name in scales.keys.sorted() {
                if let comparison = ScorerComparison(suite: pairing.key, scorer: name, scale: scales[name]!, pairs: pairing.pairs, policy: policy) {
                    scorers.append(comparison)
                }
            }
        }
        let adjusted = HolmCorrection.adjust(scorers.map(\.pValueForDrop))
        for index in scorers.indices {
            scorers[index].decide(adjustedPValue: adjusted[index], comparisons: scorers.count, policy: policy)
        }
        self.scorers = scorers
        let flips = suites.flatMap { pairing in pairing.pairs.compactMap { FlippedCase(suite: pairing.key, pair: $0) } }
        flipped = flips.filter { $0.direction == .regressed } + flips.filter { $0.direction == .improved }
        regressedCases = Set(flips.filter { $0.direction == .regressed }.map { RegressedCase(suite: $0.suite, caseID: $0.caseID) })
    }

    /// Loads both runs (ids, `latest` or tags) from the store and compares them.
    public static func load(store: any ResultStore, baseline: String, candidate: String, policy: ComparisonPolicy = ComparisonPolicy()) async throws -> RunComparison {
        let baselineID = try await store.runID(for: baseline), candidateID = try await store.runID(for: candidate)
        return try await load(store: store, baselineID: baselineID, candidateID: candidateID, policy: policy)
    }

    /// Loads two runs by id; with `evalsets`, only those eval sets are compared.
    public static func load(store: any ResultStore, baselineID: Int64, candidateID: Int64, candidateResults: [StoredResult]? = nil,
                            policy: ComparisonPolicy = ComparisonPolicy(), evalsets: Set<String>? = nil) async throws -> RunComparison {
        let candidateResults = if let candidateResults { candidateResults } else { try await store.results(ofRun: candidateID) }
        var baseline = try await store.summary(ofRun: baselineID), candidate = try await store.summary(ofRun: candidateID)
        var baselineResults = try await store.results(ofRun: baselineID), kept = candidateResults
        if let evalsets {
            baseline.suites.removeAll { !evalsets.contains($0.suite.evalset) }
            candidate.suites.removeAll { !evalsets.contains($0.suite.evalset) }
            baselineResults.removeAll { !evalsets.contains($0.result.evalset) }
            kept.removeAll { !evalsets.contains($0.result.evalset) }
        }
        return try RunComparison(
            baseline: baseline, baselineResults: baselineResults, baselineScales: try await store.scorerScales(ofRun: baselineID),
            candidate: candidate, candidateResults: kept, candidateScales: try await store.scorerScales(ofRun: candidateID),
            policy: policy)
    }

    /// The scorers both sides have, with the candidate's stored scale (runs stored before scales were kept: inferred).
    private static func scales(_ pairing: SuitePairing, baselineScales: [Int64: [String: ScoreScale]],
                               candidateScales: [Int64: [String: ScoreScale]]) -> [String: ScoreScale] {
        let stored = candidateScales[pairing.candidate.id] ?? [:], storedBefore = baselineScales[pairing.baseline.id] ?? [:]
        var values: [String: [Double]] = [:]
        var seenBefore: Set<String> = [], seenAfter: Set<String> = []
        for pair in pairing.pairs {
            for stored in pair.baseline.results { for score in stored.scores { seenBefore.insert(score.scorer); values[score.scorer, default: []].append(score.value) } }
            for stored in pair.candidate.results { for score in stored.scores { seenAfter.insert(score.scorer); values[score.scorer, default: []].append(score.value) } }
        }
        var scales: [String: ScoreScale] = [:]
        for name in seenBefore.intersection(seenAfter) {
            let seen = values[name] ?? []
            scales[name] = stored[name] ?? storedBefore[name] ?? .inferred(
                allBinary: seen.allSatisfy { $0 == 0 || $0 == 1 }, lowest: seen.min() ?? 0, highest: seen.max() ?? 1)
        }
        return scales
    }

    /// What `ChangeAttribution` names as changed for one suite, as notes: each prefixed with the suite, except a
    /// change of the whole run (evalctl's version), noted once. A version change is noted (or refused) above.
    static func causeNotes(_ key: SuiteKey, baseline: (run: RunRecord, suite: Stored<SuiteRecord>, results: [StoredResult]),
                           candidate: (run: RunRecord, suite: Stored<SuiteRecord>, results: [StoredResult]), pairing: SuitePairing,
                           notedRunCauses: inout Set<ChangeCause>) -> [String] {
        let causes = ChangeAttribution.causes(
            from: SuiteConditions(run: baseline.run, suite: baseline.suite.fields, results: baseline.results),
            to: SuiteConditions(run: candidate.run, suite: candidate.suite.fields, results: candidate.results),
            changedCases: pairing.changed.count)
        return causes.compactMap { cause in
            switch cause.kind {
            case .evalSetVersion: return nil
            case .evalctlVersion: return notedRunCauses.insert(cause).inserted ? cause.description : nil
            default: return "\(key): \(cause)"
            }
        }
    }

    /// The model the backend reported most often in the suite's answers, else the configured one.
    static func answeringModel(_ suite: Stored<SuiteRecord>, _ results: [StoredResult]?) -> String {
        var counts: [String: Int] = [:]
        for stored in results ?? [] where stored.result.status != .error && !stored.result.model.isEmpty {
            counts[stored.result.model, default: 0] += 1
        }
        return counts.keysByFrequency.first ?? suite.model
    }

    private static func list(_ keys: Dictionary<SuiteKey, Stored<SuiteRecord>>.Keys) -> String {
        keys.isEmpty ? "none" : keys.sorted().map(\.description).joined(separator: ", ")
    }

    /// A warning when either run's answers came through fallbacks (from another backend than the suite's own), with
    /// who answered how many and with which models: a difference may then be the model's, not the change's.
    static func fallbackNote(_ key: SuiteKey, baseline: (id: Int64, results: [StoredResult]), candidate: (id: Int64, results: [StoredResult])) -> String? {
        func answered(_ results: [StoredResult]) -> [String: (count: Int, models: Set<String>)] {
            results.reduce(into: [:]) { totals, stored in
                guard let backend = stored.result.answeredBy else { return }
                totals[backend, default: (0, [])].count += 1
                totals[backend]!.models.insert(stored.result.model)
            }
        }
        let runs = [("baseline", baseline), ("candidate", candidate)].map { ($0.0, $0.1.id, answered($0.1.results)) }
        guard runs.contains(where: { $0.2.keys.contains { $0 != key.backend } }) else { return nil }
        let parts = runs.map { role, id, counts in
            "\(role) run \(id): " + counts.sorted { $0.key < $1.key }
                .map { "\($0.key) \($0.value.count) (\($0.value.models.sorted().joined(separator: ", ")))" }.joined(separator: ", ")
        }
        return "\(key): answers came through fallbacks, from different backends and models (\(parts.joined(separator: "; "))): a difference may be the model's, not the change's"
    }
}
