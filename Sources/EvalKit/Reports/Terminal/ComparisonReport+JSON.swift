extension ComparisonReport {
    /// Everything the text shows, every flipped case included, for programs.
    public func json() -> String { jsonValue.canonicalJSON }

    /// The JSON report as a value, to embed (`run --baseline --format json` puts it under `comparison`).
    public var jsonValue: JSONValue {
        let policy = comparison.policy
        let scorers: [JSONValue] = comparison.scorers.map { scorer in
            let row: [String: JSONValue] = [
                "evalset": .string(scorer.suite.evalset), "prompt": .string(scorer.suite.promptID),
                "backend": .string(scorer.suite.backend), "scorer": .string(scorer.scorer),
                "scale": .object(["kind": .string(scorer.scale.kind.rawValue), "lower": .number(scorer.scale.range.lowerBound),
                                  "upper": .number(scorer.scale.range.upperBound)]),
                "metric": .string(scorer.metric.rawValue), "cases": .number(Double(scorer.cases)),
                "pass_rate": Self.json(scorer.passRate), "mean_score": Self.json(scorer.meanScore),
                "regressed_cases": .number(Double(scorer.regressed)), "improved_cases": .number(Double(scorer.improved)),
                "largest_drops": .array(scorer.largestDrops.map { change in
                    .object(["case_id": .string(change.caseID), "baseline": .number(change.baseline), "candidate": .number(change.candidate),
                             "baseline_output": change.baselineOutput.map(JSONValue.string) ?? .null,
                             "candidate_output": change.candidateOutput.map(JSONValue.string) ?? .null])
                }),
                "test": .string(scorer.test.rawValue), "p_value_drop": .number(scorer.pValueForDrop),
                "p_value_holm": .number(scorer.adjustedPValue), "minimum_detectable_drop": .number(scorer.minimumDetectableDrop),
                "verdict": .string(scorer.verdict.rawValue), "required_drop": .number(scorer.requiredDrop),
            ]
            return .object(row.merging(Self.casesNeededJSON(scorer)) { first, _ in first })
        }
        let suites: [JSONValue] = comparison.suites.map { pairing in
            .object([
                "evalset": .string(pairing.key.evalset), "prompt": .string(pairing.key.promptID), "backend": .string(pairing.key.backend),
                "baseline_suite": Self.suiteJSON(pairing.baseline, pairing.pairs.flatMap(\.baseline.results)),
                "candidate_suite": Self.suiteJSON(pairing.candidate, pairing.pairs.flatMap(\.candidate.results)),
                "paired_cases": .number(Double(pairing.pairs.count)),
                "only_in_baseline": .array(pairing.onlyInBaseline.map(JSONValue.string)),
                "only_in_candidate": .array(pairing.onlyInCandidate.map(JSONValue.string)),
                "changed": .array(pairing.changed.map(JSONValue.string)),
                "errored": .array(pairing.errored.map(JSONValue.string)),
            ])
        }
        let flipped: [JSONValue] = comparison.flipped.map { flip in
            .object([
                "evalset": .string(flip.suite.evalset), "prompt": .string(flip.suite.promptID), "backend": .string(flip.suite.backend),
                "case_id": .string(flip.caseID), "direction": .string(flip.direction.rawValue),
                "baseline_output": flip.baselineOutput.map(JSONValue.string) ?? .null,
                "candidate_output": flip.candidateOutput.map(JSONValue.string) ?? .null,
                "reasons": .array(flip.reasons.map(JSONValue.string)),
            ])
        }
        var fields: [String: JSONValue] = [
            "baseline": Self.runJSON(comparison.baseline), "candidate": Self.runJSON(comparison.candidate),
            "policy": .object([
                "alpha": .number(policy.alpha), "margin": .number(policy.margin), "seed": .number(Double(policy.seed)),
                "allow_version_change": .bool(policy.allowVersionChange), "power": .number(policy.power),
                "bootstrap_resamples": .number(Double(policy.bootstrapResamples)),
                "permutation_resamples": .number(Double(policy.permutationResamples)),
            ]),
            "verdict": .string(comparison.verdict.rawValue),
            "regression": .bool(comparison.hasRegression), "comparisons": .array(scorers), "suites": .array(suites),
            "suites_only_in_baseline": .array(comparison.suitesOnlyInBaseline.map { .string($0.description) }),
            "suites_only_in_candidate": .array(comparison.suitesOnlyInCandidate.map { .string($0.description) }),
            "flipped": .array(flipped), "notes": .array(comparison.notes.map(JSONValue.string)),
        ]
        if let calibration { fields["judge_calibration"] = CalibrationReport(calibration: calibration).jsonValue }
        return .object(fields)
    }

    /// For an inconclusive comparison: `cases_needed`, or null with `cases_needed_more_than` past the search's limit.
    static func casesNeededJSON(_ scorer: ScorerComparison) -> [String: JSONValue] {
        guard scorer.verdict == .inconclusive else { return [:] }
        guard let needed = scorer.casesNeeded else {
            return ["cases_needed": .null, "cases_needed_more_than": .number(Double(MinimumDetectableDrop.casesNeededLimit))]
        }
        return ["cases_needed": .number(Double(needed))]
    }

    static func json(_ figure: PairedFigure) -> JSONValue {
        func interval(_ interval: ConfidenceInterval) -> JSONValue { .array([.number(interval.lower), .number(interval.upper)]) }
        return .object([
            "baseline": .number(figure.baseline), "candidate": .number(figure.candidate), "difference": .number(figure.difference),
            "baseline_ci95": interval(figure.intervals.baseline), "candidate_ci95": interval(figure.intervals.candidate),
            "difference_ci95": interval(figure.intervals.difference),
        ])
    }

    static func runJSON(_ summary: RunSummary) -> JSONValue {
        .object([
            "run_id": .number(Double(summary.run.id)), "status": .string(summary.run.status.rawValue),
            "tags": .array(summary.tags.map(JSONValue.string)),
            "git_commit": summary.run.gitCommit.map(JSONValue.string) ?? .null,
        ])
    }

    /// `model` is the one the backend reported in its answers; `configured_model` the one the config named.
    static func suiteJSON(_ suite: Stored<SuiteRecord>, _ results: [StoredResult]) -> JSONValue {
        .object([
            "evalset_version": .string(suite.evalsetVersion), "evalset_hash": .string(suite.evalsetHash),
            "prompt_hash": .string(suite.promptHash), "model": .string(RunComparison.answeringModel(suite, results)),
            "configured_model": .string(suite.model), "repeats": .number(Double(suite.repeats)),
        ])
    }
}
