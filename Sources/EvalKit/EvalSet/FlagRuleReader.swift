import Foundation

/// Reads an eval set's `flag:` block: each item a mapping with one rule key, every problem at its line.
struct FlagRuleReader {
    static let ruleKeys = ["scorer", "refusal", "judge_error", "output_longer_than"]
    static let keys = ["scorer", "when", "refusal", "judge_error", "output_longer_than"]
    /// The fields a scorer condition may compare; `spread` and `median` are a judge's.
    static let fields = ["score", "spread", "median"]

    /// The scorers' names (`name`, else `type`) and types, to check the rules that name one.
    let scorers: [(name: String, type: String)]

    func read(_ items: [YAMLItem], problems: inout [InputProblem]) -> [FlagRule] {
        var rules: [FlagRule] = []
        for item in items {
            do {
                rules.append(try rule(item))
            } catch {
                problems.append(error)
            }
        }
        return rules
    }

    private func rule(_ item: YAMLItem) throws(InputProblem) -> FlagRule {
        func problem(_ message: String, line: Int? = nil) -> InputProblem {
            InputProblem(file: item.file, line: line ?? item.line, message: "flag rule: \(message)")
        }
        guard let entry = item.mapping else {
            throw problem("each rule must be a mapping such as {scorer: judge, when: failed} or {refusal: true}")
        }
        if let unknown = entry.unknownKeys(known: Self.keys, context: "flag rule: ").first { throw unknown }
        let given = Self.ruleKeys.filter(entry.contains)
        guard given.count == 1, let key = given.first else {
            throw problem(given.isEmpty ? "needs one of \(Self.ruleKeys.joined(separator: ", "))"
                : "one rule per item: found \(given.joined(separator: " and ")); write each as its own '- …' item")
        }
        if key != "scorer", entry.contains("when") { throw problem("'when' goes with 'scorer'", line: entry.line(of: "when")) }
        let line = entry.line(of: key)
        switch key {
        case "scorer":
            return FlagRule(.scorer(try scorerName(entry), try scorerCondition(entry, scorer: try scorerName(entry))), file: item.file, line: line)
        case "refusal", "judge_error":
            guard try entry.optionalBool(key) == true else {
                throw problem("'\(key)' must be true (leave the rule out to turn it off)", line: line)
            }
            if key == "judge_error", !scorers.contains(where: { $0.type == "judge" }) {
                throw problem("'judge_error' needs a judge scorer, and this eval set has none", line: line)
            }
            return FlagRule(key == "refusal" ? .refusal : .judgeError, file: item.file, line: line)
        default:
            return FlagRule(.outputLongerThan(try outputLength(entry)), file: item.file, line: line)
        }
    }

    private func scorerName(_ entry: YAMLMapping) throws(InputProblem) -> String {
        let name = try entry.requiredString("scorer")
        guard scorers.contains(where: { $0.name == name }) else {
            throw InputProblem(file: entry.file, line: entry.line(of: "scorer"),
                               message: "flag rule: " + NameSuggestion.unknown("scorer", name, known: scorers.map(\.name)))
        }
        return name
    }

    private func scorerCondition(_ entry: YAMLMapping, scorer: String) throws(InputProblem) -> FlagRule.ScorerCondition {
        let line = entry.line(of: "when")
        func problem(_ message: String) -> InputProblem { InputProblem(file: entry.file, line: line, message: "flag rule: \(message)") }
        guard entry.contains("when") else {
            throw problem("'scorer' needs 'when': failed, passed, errored, or a condition such as 'score < 3' or 'spread > 1'")
        }
        let text = (try entry.requiredString("when")).trimmingCharacters(in: .whitespaces)
        switch text {
        case "failed": return .failed
        case "passed": return .passed
        case "errored": return .errored
        default: break
        }
        // `field op number`, spaces optional: the longest operator that occurs splits it.
        guard let op = FlagRule.ComparisonOperator.allCases.first(where: { text.contains($0.rawValue) }),
              let range = text.range(of: op.rawValue) else {
            let words = ["failed", "passed", "errored"]
            let hint = NameSuggestion.closest(to: text, among: words).map { " (did you mean '\($0)'?)" } ?? ""
            throw problem("'when: \(text)' is not failed, passed, errored or a condition such as 'score < 3'\(hint)")
        }
        let field = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        let number = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
        guard Self.fields.contains(field) else {
            throw problem("'when: \(text)': " + NameSuggestion.unknown("field", field, known: Self.fields))
        }
        guard let value = Double(number), value.isFinite else { throw problem("'when: \(text)': '\(number)' is not a number") }
        if field != "score", let type = scorers.first(where: { $0.name == scorer })?.type, type != "judge" {
            throw problem("'when: \(text)': only a judge scorer records '\(field)' ('\(scorer)' is \(type))")
        }
        return .compare(field: field, op, value)
    }

    private func outputLength(_ entry: YAMLMapping) throws(InputProblem) -> FlagRule.OutputLength {
        let line = entry.line(of: "output_longer_than")
        let expected = "'output_longer_than' must be a number of characters (4000) or a multiple of the expected answer's length (3x expected)"
        if let count = try? entry.optionalInt("output_longer_than") {
            guard count > 0 else { throw InputProblem(file: entry.file, line: line, message: "flag rule: \(expected)") }
            return .characters(count)
        }
        let text = ((try? entry.optionalString("output_longer_than")) ?? nil)?.lowercased().replacingOccurrences(of: " ", with: "") ?? ""
        guard text.hasSuffix("xexpected"), let factor = Double(text.dropLast("xexpected".count)), factor > 0, factor.isFinite else {
            throw InputProblem(file: entry.file, line: line, message: "flag rule: \(expected), found '\(text)'")
        }
        return .timesExpected(factor)
    }
}
