/// Typed access to a scorer entry's options, rejecting unknown keys so a typo is reported rather than ignored.
struct ScorerOptions {
    let spec: ScorerSpec

    init(_ spec: ScorerSpec, allowed: Set<String>) throws(InputProblem) {
        self.spec = spec
        let known = allowed.union(["type", "name", "threshold"]).union(ScorerScope.keys)
        if let unknown = spec.options.keys.sorted().first(where: { !known.contains($0) }) {
            throw spec.problem(NameSuggestion.unknown("option", unknown, known: known.sorted()))
        }
    }

    /// The name scores are stored under: `name` if given, else the type.
    var name: String { spec.options["name"]?.stringValue ?? spec.type }

    func threshold(default defaultValue: Double, range: ClosedRange<Double> = 0...1) throws(InputProblem) -> Double {
        guard let value = spec.options["threshold"] else { return defaultValue }
        guard let number = value.doubleValue, range.contains(number) else {
            throw spec.problem("'threshold' must be a number in \(range.lowerBound)…\(range.upperBound)")
        }
        return number
    }

    func number(_ key: String) throws(InputProblem) -> Double? {
        guard let value = spec.options[key] else { return nil }
        guard let number = value.doubleValue else { throw spec.problem("'\(key)' must be a number") }
        return number
    }

    /// A whole number in `range`; nil when absent.
    func integer(_ key: String, in range: ClosedRange<Int>) throws(InputProblem) -> Int? {
        guard let value = spec.options[key] else { return nil }
        guard let number = value.intValue, range.contains(number) else {
            throw spec.problem("'\(key)' must be a whole number in \(range.lowerBound)…\(range.upperBound)")
        }
        return number
    }

    func string(_ key: String) throws(InputProblem) -> String? {
        guard let value = spec.options[key] else { return nil }
        guard let text = value.stringValue else { throw spec.problem("'\(key)' must be a string") }
        return text
    }

    /// A list of strings, or one string as a list of one; nil when absent.
    func strings(_ key: String) throws(InputProblem) -> [String]? {
        guard let value = spec.options[key] else { return nil }
        if let text = value.stringValue { return [text] }
        let texts = value.arrayValue?.compactMap(\.stringValue)
        guard let texts, texts.count == value.arrayValue?.count else { throw spec.problem("'\(key)' must be a string or a list of strings") }
        return texts
    }

    /// `value`: the fixed text(s) a text scorer compares with instead of the case's expected answer; nil when absent.
    /// An empty list would never match, and `expected_var` would be ignored beside it, so both are problems.
    func fixedValues() throws(InputProblem) -> [String]? {
        guard let values = try strings("value") else { return nil }
        if values.isEmpty { throw spec.problem("'value' must name at least one string") }
        if spec.options["expected_var"] != nil {
            throw spec.problem("'value' replaces the expected answer, so 'expected_var' would be ignored: give one of them")
        }
        return values
    }

    func bool(_ key: String, default defaultValue: Bool) throws(InputProblem) -> Bool {
        guard let value = spec.options[key] else { return defaultValue }
        guard let flag = value.boolValue else { throw spec.problem("'\(key)' must be true or false") }
        return flag
    }
}

extension EvalCase {
    /// The expected answers as text: a string, or each string of a list.
    var expectedTexts: [String] {
        if case .array(let items) = expected { return items.map(\.plainText) }
        return [expected.plainText]
    }
}
