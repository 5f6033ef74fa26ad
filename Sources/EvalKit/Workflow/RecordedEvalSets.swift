/// The eval sets a run recorded (`RunPlan.evalsets`, paths as given, relative to where the run started), read again
/// for what results do not store: each case's expected answer, when the case there is still the one that ran (same
/// content hash). Used by `review` and by `report --cases`.
///
/// ```swift
/// let sets = try await RecordedEvalSets.load(store: store, runID: 12)
/// sets.expectedAnswer(for: result.result.fields).text
/// ```
public struct RecordedEvalSets: Sendable {
    public let runID: Int64
    /// The directories the run recorded; nil when it recorded none (older runs, rescored runs).
    public let paths: [String]?
    private let cases: [String: (path: String, byID: CasesByID)]

    /// Loads the eval sets `runID` recorded; one that no longer loads is left out (its cases say so).
    public static func load(store: any ResultStore, runID: Int64) async throws -> RecordedEvalSets {
        let run = try await store.summary(ofRun: runID).run.fields
        guard let plan = run.plan.flatMap(RunPlan.decode) else { return RecordedEvalSets(runID: runID, paths: nil, cases: [:]) }
        var cases: [String: (path: String, byID: CasesByID)] = [:]
        for path in plan.evalsets {
            guard let evalSet = try? EvalSetLoader().load(path) else { continue }
            cases[evalSet.name] = (path, CasesByID(evalSet.cases))
        }
        return RecordedEvalSets(runID: runID, paths: plan.evalsets, cases: cases)
    }

    /// The expected answer of the case `record` ran, or why it is not known.
    public func expectedAnswer(for record: ResultRecord) -> ExpectedAnswer {
        guard let paths else {
            return ExpectedAnswer(missing: "not stored with results, and run \(runID) did not record its eval set directories")
        }
        guard let (path, byID) = cases[record.evalset] else {
            return ExpectedAnswer(missing: "not stored with results, and eval set '\(record.evalset)' was not found in \(paths.joined(separator: ", "))")
        }
        guard let evalCase = byID[record.caseID] else { return ExpectedAnswer(missing: "case \(record.caseID) is no longer in \(path)") }
        guard evalCase.contentHash == record.caseHash else {
            return ExpectedAnswer(missing: "case \(record.caseID) changed in \(path) since the run")
        }
        return ExpectedAnswer(text: evalCase.expected.plainText, source: "from \(path)")
    }

    /// `expectedAnswer(for:)` as the case explorer takes it.
    public var lookup: ExpectedAnswerLookup {
        let sets = self
        return { sets.expectedAnswer(for: $0) }
    }
}
