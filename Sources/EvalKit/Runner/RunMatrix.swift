import Foundation

/// One eval set × prompt version × backend: the unit results are grouped, summarised and gated by.
public struct SuiteSpec: Sendable {
    public let evalSet: EvalSet
    public let prompt: PromptVersion
    public let backendName: String
    /// The eval set's scorers as built for this run.
    public let scorers: [any Scorer]
}

/// An eval set with the scorers built for a run from its specs.
public struct ScoredEvalSet: Sendable {
    public let evalSet: EvalSet
    public let scorers: [any Scorer]

    public init(_ evalSet: EvalSet, scorers: [any Scorer]) {
        self.evalSet = evalSet
        self.scorers = scorers
    }
}

/// What a run will do: every eval set × selected prompt version × backend, each case `repeats` times.
public struct RunMatrix: Sendable {
    public let suites: [SuiteSpec]
    public let repeats: Int
    private let promptIDs: [String]
    private let backendNames: [String]

    /// The number of requests the run will send.
    public var totalCases: Int { suites.reduce(0) { $0 + $1.evalSet.cases.count } * repeats }

    /// Builds the matrix. `promptIDs` empty means each eval set's `default_prompt`; `all` means every prompt.
    /// A prompt id that no eval set has is a usage error.
    public init(evalSets scored: [ScoredEvalSet], promptIDs: [String], backendNames: [String], repeats: Int) throws(InvalidInput) {
        let evalSets = scored.map(\.evalSet)
        var problems: [InputProblem] = []
        for id in promptIDs where id != "all" && !evalSets.contains(where: { $0.prompt(id: id) != nil }) {
            let known = Set(evalSets.flatMap { $0.prompts.map(\.id) }).sorted()
            problems.append(InputProblem(file: "--prompt", line: nil, message: "no eval set has a prompt '\(id)'\(NameSuggestion.hint(for: id, among: known)) (available: \(known.joined(separator: ", ")))"))
        }
        if repeats < 1 { problems.append(InputProblem(file: "--repeat", line: nil, message: "must be at least 1")) }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        var suites: [SuiteSpec] = []
        for entry in scored {
            let (evalSet, scorers) = (entry.evalSet, entry.scorers)
            let prompts: [PromptVersion]
            if promptIDs.isEmpty {
                prompts = evalSet.prompt(id: evalSet.defaultPromptID).map { [$0] } ?? []
            } else if promptIDs.contains("all") {
                prompts = evalSet.prompts
            } else {
                prompts = evalSet.prompts.filter { promptIDs.contains($0.id) }
            }
            for prompt in prompts {
                for backend in backendNames {
                    suites.append(SuiteSpec(evalSet: evalSet, prompt: prompt, backendName: backend, scorers: scorers))
                }
            }
        }
        self.suites = suites
        self.repeats = repeats
        self.promptIDs = promptIDs
        self.backendNames = backendNames
    }

    /// The same matrix with each eval set's scorers rebuilt by `build` (after the backends a judge calls started).
    public func rebuildingScorers(_ build: (EvalSet) throws(InvalidInput) -> [any Scorer]) throws(InvalidInput) -> RunMatrix {
        var seen: [URL: [any Scorer]] = [:]
        var scored: [ScoredEvalSet] = []
        for suite in suites where seen[suite.evalSet.directory] == nil {
            let scorers = try build(suite.evalSet)
            seen[suite.evalSet.directory] = scorers
            scored.append(ScoredEvalSet(suite.evalSet, scorers: scorers))
        }
        return try RunMatrix(evalSets: scored, promptIDs: promptIDs, backendNames: backendNames, repeats: repeats)
    }
}
