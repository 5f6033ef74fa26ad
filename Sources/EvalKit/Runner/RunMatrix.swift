/// One eval set × prompt version × backend: the unit results are grouped, summarised and gated by.
public struct SuiteSpec: Sendable {
    public let evalSet: EvalSet
    public let prompt: PromptVersion
    public let backendName: String
}

/// What a run will do: every eval set × selected prompt version × backend, each case `repeats` times.
public struct RunMatrix: Sendable {
    public let suites: [SuiteSpec]
    public let repeats: Int

    /// The number of requests the run will send.
    public var totalCases: Int { suites.reduce(0) { $0 + $1.evalSet.cases.count } * repeats }

    /// Builds the matrix. `promptIDs` empty means each eval set's `default_prompt`; `all` means every prompt.
    /// A prompt id that no eval set has is a usage error.
    public init(evalSets: [EvalSet], promptIDs: [String], backendNames: [String], repeats: Int) throws(InvalidInput) {
        var problems: [InputProblem] = []
        for id in promptIDs where id != "all" && !evalSets.contains(where: { $0.prompt(id: id) != nil }) {
            let available = Set(evalSets.flatMap { $0.prompts.map(\.id) }).sorted().joined(separator: ", ")
            problems.append(InputProblem(file: "--prompt", line: nil, message: "no eval set has a prompt '\(id)' (available: \(available))"))
        }
        if repeats < 1 { problems.append(InputProblem(file: "--repeat", line: nil, message: "must be at least 1")) }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        var suites: [SuiteSpec] = []
        for evalSet in evalSets {
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
                    suites.append(SuiteSpec(evalSet: evalSet, prompt: prompt, backendName: backend))
                }
            }
        }
        self.suites = suites
        self.repeats = repeats
    }
}
