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
    /// The cases, in file order; read from a cases file, they are parsed again on each use (see `CaseList`).
    public let cases: CaseList
    public let scorerSpecs: [ScorerSpec]
    /// The share of cases that must pass for a suite to pass, 0…1.
    public let minPassRate: Double
    /// The `flag:` rules: which results go to the review queue. Not part of either hash: flags never change a score.
    public let flagRules: [FlagRule]
    /// SHA-256 over cases, prompts and scorer configuration: equal hashes mean the same eval.
    public let contentHash: String
    /// SHA-256 over cases and scorer configuration without the prompts: tells an edit of the eval set's data from an
    /// edit of one of its prompts (which changes `contentHash` too).
    public let dataHash: String

    public init(
        name: String, version: String, description: String, directory: URL, prompts: [PromptVersion],
        defaultPromptID: String, cases: [EvalCase], scorerSpecs: [ScorerSpec], minPassRate: Double, flagRules: [FlagRule] = []
    ) {
        var digest = SHA256.Running()
        for (index, evalCase) in cases.enumerated() { digest.update(Self.casesEntry(evalCase, first: index == 0)) }
        self.init(
            name: name, version: version, description: description, directory: directory, prompts: prompts,
            defaultPromptID: defaultPromptID, cases: CaseList(cases), casesDigest: digest, scorerSpecs: scorerSpecs,
            minPassRate: minPassRate, flagRules: flagRules)
    }

    /// `casesDigest` has taken in `casesEntry` of every case, in order (the loader does that as it reads them).
    init(
        name: String, version: String, description: String, directory: URL, prompts: [PromptVersion],
        defaultPromptID: String, cases: CaseList, casesDigest: SHA256.Running, scorerSpecs: [ScorerSpec], minPassRate: Double,
        flagRules: [FlagRule]
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
        self.flagRules = flagRules
        var content = casesDigest
        content.update(Self.contentTail(prompts: prompts, scorerSpecs: scorerSpecs, minPassRate: minPassRate, noCases: cases.isEmpty))
        contentHash = content.hex()
        var data = casesDigest
        data.update(Self.contentTail(prompts: [], scorerSpecs: scorerSpecs, minPassRate: minPassRate, noCases: cases.isEmpty))
        dataHash = data.hex()
    }

    /// What the content hash is taken over: the canonical JSON of `{"cases": [[id, case hash], …], "min_pass_rate",
    /// "prompts": {id: hash}, "scorers": [options]}`, written a case at a time (no JSON tree, nor one string, of every
    /// case): `{"cases":[` and each case's `casesEntry`, then `contentTail`.
    static func canonicalContent(cases: [EvalCase], prompts: [PromptVersion], scorerSpecs: [ScorerSpec], minPassRate: Double) -> String {
        cases.enumerated().map { casesEntry($1, first: $0 == 0) }.joined()
            + contentTail(prompts: prompts, scorerSpecs: scorerSpecs, minPassRate: minPassRate, noCases: cases.isEmpty)
    }

    /// One case's part of the canonical content; the first also opens the object and its list.
    static func casesEntry(_ evalCase: EvalCase, first: Bool) -> String {
        var out = first ? "{\"cases\":[[" : ",["
        JSONValue.writeQuoted(evalCase.id, into: &out)
        out += ","
        JSONValue.writeQuoted(evalCase.contentHash, into: &out)
        out += "]"
        return out
    }

    /// The canonical content after the cases (`{"cases":[` first when there are none).
    static func contentTail(prompts: [PromptVersion], scorerSpecs: [ScorerSpec], minPassRate: Double, noCases: Bool = false) -> String {
        var out = noCases ? "{\"cases\":[" : ""
        out += "],\"min_pass_rate\":" + JSONValue.number(minPassRate).canonicalJSON
        out += ",\"prompts\":" + JSONValue.object(Dictionary(uniqueKeysWithValues: prompts.map { ($0.id, .string($0.contentHash)) })).canonicalJSON
        out += ",\"scorers\":" + JSONValue.array(scorerSpecs.map { .object($0.options) }).canonicalJSON + "}"
        return out
    }

    /// The same eval set run on the cases at `positions` only (ascending indices of `cases`: a selection of its own):
    /// its content hash stays the whole set's, so runs of a subset still pair with runs of the whole set, case by case.
    public func restricted(to positions: [Int]) -> EvalSet {
        EvalSet(copying: self, cases: cases.selecting(positions))
    }

    private init(copying other: EvalSet, cases: CaseList) {
        name = other.name
        version = other.version
        description = other.description
        directory = other.directory
        prompts = other.prompts
        defaultPromptID = other.defaultPromptID
        self.cases = cases
        scorerSpecs = other.scorerSpecs
        minPassRate = other.minPassRate
        flagRules = other.flagRules
        contentHash = other.contentHash
        dataHash = other.dataHash
    }

    public func prompt(id: String) -> PromptVersion? {
        prompts.first { $0.id == id }
    }
}
