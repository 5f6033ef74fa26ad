import Foundation

/// `evalctl judge calibrate`: each judge scorer against people's labels, as a table or JSON; also the lines `compare`
/// and the HTML report show.
public struct CalibrationReport: Sendable {
    public let calibration: JudgeCalibration

    public init(calibration: JudgeCalibration) {
        self.calibration = calibration
    }

    public func text(style: TerminalStyle = .plain) -> String {
        guard !calibration.judges.isEmpty else {
            return "run \(calibration.runID) has no judge scores: nothing to calibrate"
        }
        var lines = ["judge calibration, run \(calibration.runID): the judge's pass/fail (its threshold) against people's labels (the majority of reviewers)", ""]
        var table = TextTable(headers: ["SUITE", "JUDGE", "LABELS", "AGREE", "KAPPA [95% CI]", "SENS", "SPEC", "JUDGE PASS", "CORRECTED"],
                              alignments: [.left, .left, .right, .right, .right, .right, .right, .right, .right])
        for judge in calibration.judges {
            table.add([judge.suite.description, judge.scorer, String(judge.labels), Self.percent(judge.table.agreement),
                       Self.kappa(judge.table), Self.percent(judge.table.sensitivity), Self.percent(judge.table.specificity),
                       Self.percent(judge.judgePassRate), Self.percent(judge.correctedPassRate)])
        }
        lines.append(table.render(maxWidth: style.columns, shrinkable: [0, 1]))
        for judge in calibration.judges {
            for warning in judge.warnings {
                lines.append("\(style.paint("warning", .yellow)): \(judge.suite) \(judge.scorer): \(warning)")
            }
            if judge.ties > 0 {
                lines.append("note: \(judge.suite) \(judge.scorer): \(judge.ties) result\(judge.ties == 1 ? "" : "s") left out, reviewers split evenly")
            }
        }
        let text = lines.joined(separator: "\n")
        return style.columns.map { TerminalStyle.wrap(text, columns: $0) } ?? text
    }

    /// The lines `compare` adds under its table for the judges people labelled; empty when none were.
    public func summaryLines() -> [String] {
        calibration.judges.filter { $0.labels > 0 }.map { judge in
            var line = "judge \(judge.suite) \(judge.scorer) against \(judge.labels) people's labels: agreement \(Self.percent(judge.table.agreement)), κ \(Self.kappa(judge.table))"
            if let corrected = judge.correctedPassRate, let observed = judge.judgePassRate {
                line += ", pass rate \(Self.percent(observed)) corrected to \(Self.percent(corrected))"
            }
            if !judge.warnings.isEmpty { line += " — warning: " + judge.warnings.joined(separator: "; ") }
            return line
        }
    }

    public func json() -> String {
        jsonValue.canonicalJSON
    }

    public var jsonValue: JSONValue {
        .object([
            "run_id": .number(Double(calibration.runID)),
            "judges": .array(calibration.judges.map(Self.jsonValue)),
        ])
    }

    static func jsonValue(_ judge: JudgeCalibration.Judge) -> JSONValue {
        let table = judge.table
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
        return .object([
            "evalset": .string(judge.suite.evalset), "prompt": .string(judge.suite.promptID), "backend": .string(judge.suite.backend),
            "scorer": .string(judge.scorer), "labels": .number(Double(judge.labels)), "ties": .number(Double(judge.ties)),
            "scored": .number(Double(judge.scored)), "agreement": number(table.agreement), "kappa": number(table.kappa),
            "kappa_ci": table.kappaInterval.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null,
            "sensitivity": number(table.sensitivity), "specificity": number(table.specificity),
            "judge_pass_rate": number(judge.judgePassRate), "corrected_pass_rate": number(judge.correctedPassRate),
            "confusion": .object([
                "judge_pass_people_pass": .number(Double(table.bothPass)), "judge_pass_people_fail": .number(Double(table.judgeOnlyPass)),
                "judge_fail_people_pass": .number(Double(table.humanOnlyPass)), "judge_fail_people_fail": .number(Double(table.bothFail)),
            ]),
            "warnings": .array(judge.warnings.map(JSONValue.string)),
        ])
    }

    static func percent(_ value: Double?) -> String {
        value.map { String(format: "%.1f%%", $0 * 100) } ?? "-"
    }

    static func kappa(_ table: AgreementTable) -> String {
        guard let kappa = table.kappa else { return "-" }
        guard let interval = table.kappaInterval else { return String(format: "%.2f", kappa) }
        return String(format: "%.2f [%.2f, %.2f]", kappa, interval.lower, interval.upper)
    }
}
