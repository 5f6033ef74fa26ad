@testable import EvalKit

extension RunComparison {
    /// Compares two synthetic runs as `evalctl compare` would compare them from the store.
    init(_ baseline: SyntheticRun, _ candidate: SyntheticRun, policy: ComparisonPolicy = ComparisonPolicy()) throws(ComparisonError) {
        let old = baseline.stored(), new = candidate.stored()
        try self.init(baseline: old.summary, baselineResults: old.results, baselineScales: old.scales,
                      candidate: new.summary, candidateResults: new.results, candidateScales: new.scales, policy: policy)
    }
}

extension SyntheticRun {
    static let key = SuiteKey(evalset: "qa", promptID: "terse", backend: "local")

    /// One suite of pass/fail cases `case-0`…: `passes[i]` is case i's outcome (one repeat).
    static func passFail(id: Int64, _ passes: [Bool], key: SuiteKey = key) -> SyntheticRun {
        SyntheticRun(id: id, suites: [Suite(key: key, cases: passes.enumerated().map { Case(id: "case-\($0)", values: [$1 ? 1 : 0]) })])
    }

    /// `count` cases where the first `failing` fail.
    static func passFail(id: Int64, count: Int, failing: Int, key: SuiteKey = key) -> SyntheticRun {
        passFail(id: id, (0..<count).map { $0 >= failing }, key: key)
    }
}
