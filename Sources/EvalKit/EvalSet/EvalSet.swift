import Foundation

/// A versioned eval set: cases, the prompt versions they are rendered through, and how outputs are scored (as scorer
/// specs: the run builds the scorers, once the backends a judge calls have started).
public struct EvalSet: Sendable {
    public let name: String
    /// The version the author gives the set (an integer or a semver string), recorded with every run.
    public let version: String
    public let description: String
    public let directory: URL
    /// Prompt versions in the order the eval set lists them.
    public let prompts: [PromptVersion]
    public let defaultPromptID: String
    public let cases: [EvalCase]
    public let scorerSpecs: [ScorerSpec]
    /// The share of cases that must pass for a suite to pass, 0…1.
    public let minPassRate: Double
    /// SHA-256 over cases, prompts and scorer configuration: equal hashes mean the same eval.
    public let contentHash: String

    public init(
        name: String, version: String, description: String, directory: URL, prompts: [PromptVersion],
        defaultPromptID: String, cases: [EvalCase], scorerSpecs: [ScorerSpec], minPassRate: Double
    ) {
        self.name = name
        self.version = version
        self.description = description
        self.directory = directory
        self.prompts = prompts
        self.defaultPromptID = defaultPromptID
        self.cases = cases
        self.scorerSpecs = scorerSpecs
        self.minPassRate = minPassRate
        let content: JSONValue = .object([
            "cases": .array(cases.map { .array([.string($0.id), .string($0.contentHash)]) }),
            "prompts": .object(Dictionary(uniqueKeysWithValues: prompts.map { ($0.id, .string($0.contentHash)) })),
            "scorers": .array(scorerSpecs.map { .object($0.options) }),
            "min_pass_rate": .number(minPassRate),
        ])
        contentHash = SHA256.hex(content.canonicalJSON)
    }

    /// The same eval set run on `cases` only (a selection of its own): its content hash stays the whole set's, so
    /// runs of a subset still pair with runs of the whole set, case by case.
    public func restricted(to cases: [EvalCase]) -> EvalSet {
        EvalSet(copying: self, cases: cases)
    }

    private init(copying other: EvalSet, cases: [EvalCase]) {
        name = other.name
        version = other.version
        description = other.description
        directory = other.directory
        prompts = other.prompts
        defaultPromptID = other.defaultPromptID
        self.cases = cases
        scorerSpecs = other.scorerSpecs
        minPassRate = other.minPassRate
        contentHash = other.contentHash
    }

    public func prompt(id: String) -> PromptVersion? {
        prompts.first { $0.id == id }
    }
}
