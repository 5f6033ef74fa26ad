import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which cases of each eval set a run sends: `--case ID` (globs, repeatable), `--case-tag TAG` (repeatable),
/// `--limit N` (the first N per eval set, in file order) or `--sample N` (a random N per eval set, reproducible from the
/// seed). A case is kept when it matches any `--case` pattern (if any are given) and has any `--case-tag` tag (if any
/// are given); then the limit or the sample applies. The run records the selection, so comparisons can say that a run
/// covered a subset.
public struct CaseSelection: Sendable, Hashable {
    public var patterns: [String] = []
    public var tags: [String] = []
    public var limit: Int?
    public var sample: Int?
    public var seed: UInt64 = ComparisonPolicy().seed

    public init(patterns: [String] = [], tags: [String] = [], limit: Int? = nil, sample: Int? = nil, seed: UInt64 = ComparisonPolicy().seed) {
        self.patterns = patterns
        self.tags = tags
        self.limit = limit
        self.sample = sample
        self.seed = seed
    }

    /// No selection: every case runs.
    public var isEmpty: Bool { patterns.isEmpty && tags.isEmpty && limit == nil && sample == nil }

    /// The selection as flags, e.g. `--case capital-* --limit 5`, as recorded with the run.
    public var description: String {
        var parts: [String] = patterns.map { "--case \($0)" } + tags.map { "--case-tag \($0)" }
        if let limit { parts.append("--limit \(limit)") }
        if let sample { parts += ["--sample \(sample)", "--seed \(seed)"] }
        return parts.joined(separator: " ")
    }

    /// Problems with the selection itself, before any eval set is read.
    public var problems: [InputProblem] {
        var problems: [InputProblem] = []
        if let limit, limit < 1 { problems.append(InputProblem(file: "--limit", line: nil, message: "must be at least 1")) }
        if let sample, sample < 1 { problems.append(InputProblem(file: "--sample", line: nil, message: "must be at least 1")) }
        if limit != nil, sample != nil {
            problems.append(InputProblem(file: "--sample", line: nil, message: "give --limit or --sample, not both"))
        }
        return problems
    }

    /// The eval sets with only the selected cases; an eval set none of whose cases is selected is left out. A pattern
    /// or tag that selects nothing in any eval set is bad input (a typo must not run an empty or different set).
    public func apply(to evalSets: [EvalSet]) throws(InvalidInput) -> [EvalSet] {
        guard !isEmpty else { return evalSets }
        var problems: [InputProblem] = []
        // One read of every case for both checks (a case from a file is parsed on each read).
        var allIDs: [String] = []
        var tagSet = Set<String>()
        if !patterns.isEmpty || !tags.isEmpty {
            for evalSet in evalSets {
                for evalCase in evalSet.cases {
                    if !patterns.isEmpty { allIDs.append(evalCase.id) }
                    tagSet.formUnion(evalCase.tags)
                }
            }
        }
        for pattern in patterns where !allIDs.contains(where: { Self.matches(pattern, $0) }) {
            problems.append(InputProblem(file: "--case", line: nil,
                                         message: "no case id matches '\(pattern)'" + NameSuggestion.hint(for: pattern, among: allIDs)))
        }
        let allTags = tagSet.sorted()
        for tag in tags where !allTags.contains(tag) {
            let known = allTags.isEmpty ? "no case has tags" : "tags: \(allTags.joined(separator: ", "))"
            problems.append(InputProblem(file: "--case-tag", line: nil, message: "no case has the tag '\(tag)' (\(known))"))
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        var selected: [EvalSet] = []
        for evalSet in evalSets {
            // Positions in the eval set, not cases: a selection keeps no case in memory (see `CaseList`).
            var positions: [Int]
            if patterns.isEmpty, tags.isEmpty {
                positions = Array(evalSet.cases.indices.prefix(limit ?? evalSet.cases.count))
            } else {
                positions = []
                for (position, evalCase) in evalSet.cases.enumerated() where positions.count < limit ?? Int.max
                    && (patterns.isEmpty || patterns.contains { Self.matches($0, evalCase.id) })
                    && (tags.isEmpty || evalCase.tags.contains { tags.contains($0) }) {
                    positions.append(position)
                }
            }
            if let sample, sample < positions.count {
                // A seeded partial shuffle per eval set, then file order: the same seed picks the same cases anywhere.
                var random = SeededRandom(seed: SeededRandom.seed(seed, label: evalSet.name))
                var indices = Array(positions.indices)
                for position in 0..<sample {
                    indices.swapAt(position, position + random.index(below: indices.count - position))
                }
                positions = indices.prefix(sample).sorted().map { positions[$0] }
            }
            if !positions.isEmpty { selected.append(evalSet.restricted(to: positions)) }
        }
        guard !selected.isEmpty else {
            throw InvalidInput([InputProblem(file: "--case", line: nil, message: "the selection (\(description)) leaves no case to run")])
        }
        return selected
    }

    /// Shell-style glob: `*` any run of characters, `?` one character, `[…]` a set.
    static func matches(_ pattern: String, _ id: String) -> Bool {
        fnmatch(pattern, id, 0) == 0
    }
}
