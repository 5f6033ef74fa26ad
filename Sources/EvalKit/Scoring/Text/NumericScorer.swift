import Foundation

/// `numeric`: a number read from the output is within tolerance of the expected number, as Python's `math.isclose`:
/// `|found − expected| ≤ max(rel_tol × max(|found|, |expected|), abs_tol)`.
///
/// ```yaml
/// - {type: numeric}                                # the first number in the output equals expected (rel_tol 1e-9)
/// - {type: numeric, abs_tol: 0.5, extract: last}   # the last number, within ±0.5
/// - {type: numeric, rel_tol: 0.01, extract: whole} # the whole trimmed output is a number, within 1 %
/// ```
///
/// Numbers may have a sign, decimals, an exponent and thousands separators (`-1,234.5e3`). The expected answer is a
/// JSON number, a string holding one, or a list of them (any one passes); one that is not a number makes the case an
/// error, never a failure.
public struct NumericScorer: Scorer {
    public enum Extract: String, Sendable, CaseIterable {
        /// The first number in the output.
        case first
        /// The last number in the output (where chain-of-thought answers put the result).
        case last
        /// The whole output, trimmed, must be one number.
        case whole
    }

    public let name: String
    public let threshold: Double
    public let absoluteTolerance: Double
    public let relativeTolerance: Double
    public let extract: Extract
    /// A fixed expected number; when nil the case's expected answer.
    public let target: Double?

    public init(name: String = "numeric", target: Double? = nil, absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-9,
                extract: Extract = .first, threshold: Double = 1) {
        self.name = name
        self.target = target
        self.absoluteTolerance = absoluteTolerance
        self.relativeTolerance = relativeTolerance
        self.extract = extract
        self.threshold = threshold
    }

    init(spec: ScorerSpec) throws(InputProblem) {
        let options = try ScorerOptions(spec, allowed: ["abs_tol", "rel_tol", "extract", "value"])
        func tolerance(_ key: String, default value: Double) throws(InputProblem) -> Double {
            guard let given = try options.number(key) else { return value }
            guard given >= 0, given.isFinite else { throw spec.problem("'\(key)' must be a number of at least 0") }
            return given
        }
        var target: Double?
        if let value = spec.options["value"] {
            guard let number = value.doubleValue ?? value.stringValue.flatMap(Self.wholeNumber), number.isFinite else {
                throw spec.problem("'value' must be a number")
            }
            if spec.options["expected_var"] != nil {
                throw spec.problem("'value' replaces the expected answer, so 'expected_var' would be ignored: give one of them")
            }
            target = number
        }
        let extractName = try options.string("extract") ?? Extract.first.rawValue
        guard let extract = Extract(rawValue: extractName) else {
            throw spec.problem(NameSuggestion.unknown("extract", extractName, known: Extract.allCases.map(\.rawValue), listing: "expected one of"))
        }
        self.init(name: options.name, target: target, absoluteTolerance: try tolerance("abs_tol", default: 0),
                  relativeTolerance: try tolerance("rel_tol", default: 1e-9), extract: extract, threshold: try options.threshold(default: 1))
    }

    public func score(_ input: ScoringInput) async throws -> Score {
        let targets = try target.map { [$0] } ?? Self.expectedNumbers(input.evalCase.expected)
        guard let found = found(in: input.output) else {
            let what = extract == .whole ? "the output is not one number" : "no number in the output"
            return Score(scorer: name, value: 0, threshold: threshold, reason: "\(what) (\(ScoreText.quote(input.output, limit: 40)))")
        }
        let close = targets.first { isClose(found, $0) }
        let tolerance = absoluteTolerance > 0 ? " ±\(ScoreText.number(absoluteTolerance))" : ""
        let relative = relativeTolerance != 1e-9 ? " (rel \(ScoreText.number(relativeTolerance)))" : ""
        if let close {
            return Score(scorer: name, value: 1, threshold: threshold, reason: "found \(Self.shown(found)), expected \(Self.shown(close))\(tolerance)\(relative)")
        }
        return Score(scorer: name, value: 0, threshold: threshold,
                     reason: "found \(Self.shown(found)), expected \(targets.map(Self.shown).joined(separator: " or "))\(tolerance)\(relative)")
    }

    func isClose(_ a: Double, _ b: Double) -> Bool {
        if a == b { return true }
        guard a.isFinite, b.isFinite else { return false }
        return abs(a - b) <= max(relativeTolerance * max(abs(a), abs(b)), absoluteTolerance)
    }

    /// The number the output holds, by `extract`.
    func found(in output: String) -> Double? {
        switch extract {
        case .whole: return Self.wholeNumber(output)
        case .first: return Self.numbers(in: output, last: false)
        case .last: return Self.numbers(in: output, last: true)
        }
    }

    static func expectedNumbers(_ expected: JSONValue) throws(ScorerFailure) -> [Double] {
        let items = expected.arrayValue ?? [expected]
        var numbers: [Double] = []
        for item in items {
            guard let number = item.doubleValue ?? item.stringValue.flatMap(wholeNumber) else {
                throw ScorerFailure("numeric: the expected answer \(ScoreText.quote(item.plainText, limit: 40)) is not a number")
            }
            numbers.append(number)
        }
        guard !numbers.isEmpty else { throw ScorerFailure("numeric: the expected answer is an empty list") }
        return numbers
    }

    static func shown(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// The text, trimmed, as one number, or nil.
    static func wholeNumber(_ text: String) -> Double? {
        let scalars = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars)
        guard let (value, end) = number(in: scalars, at: 0), end == scalars.count else { return nil }
        return value
    }

    /// The first (or last) number in `text`, read left to right in one pass: linear in the text.
    static func numbers(in text: String, last: Bool) -> Double? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var found: Double?
        while index < scalars.count {
            let scalar = scalars[index]
            let startsNumber = isDigit(scalar) || ((scalar == "-" || scalar == "+" || scalar == ".") && index + 1 < scalars.count
                && (isDigit(scalars[index + 1]) || scalars[index + 1] == "." && index + 2 < scalars.count && isDigit(scalars[index + 2])))
            // A sign or digit glued to a letter or digit before it ("v2", "x-1") is not the start of a number.
            let glued = index > 0 && (isLetter(scalars[index - 1]) || isDigit(scalars[index - 1]))
            if startsNumber, !glued || isDigit(scalar) && !isLetter(scalars[index - 1]), let (value, end) = number(in: scalars, at: index) {
                if !last { return value }
                found = value
                index = end
            } else {
                index += 1
            }
        }
        return found
    }

    /// The number starting at `start`: sign, digits (with `,` between groups of three), fraction, exponent.
    static func number(in scalars: [Unicode.Scalar], at start: Int) -> (Double, Int)? {
        var index = start
        var text = ""
        if index < scalars.count, scalars[index] == "-" || scalars[index] == "+" {
            text.unicodeScalars.append(scalars[index])
            index += 1
        }
        var digits = 0
        while index < scalars.count {
            if isDigit(scalars[index]) {
                text.unicodeScalars.append(scalars[index])
                digits += 1
                index += 1
            } else if scalars[index] == ",", digits > 0, index + 3 < scalars.count + 1,
                      (1...3).allSatisfy({ index + $0 < scalars.count && isDigit(scalars[index + $0]) }),
                      index + 4 >= scalars.count || !isDigit(scalars[index + 4]) {
                index += 1 // a thousands separator: exactly three digits follow
            } else {
                break
            }
        }
        if index < scalars.count, scalars[index] == ".", index + 1 < scalars.count, isDigit(scalars[index + 1]) {
            text += "."
            index += 1
            while index < scalars.count, isDigit(scalars[index]) {
                text.unicodeScalars.append(scalars[index])
                digits += 1
                index += 1
            }
        }
        guard digits > 0 else { return nil }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            var exponentEnd = index + 1
            if exponentEnd < scalars.count, scalars[exponentEnd] == "-" || scalars[exponentEnd] == "+" { exponentEnd += 1 }
            let exponentDigits = scalars[exponentEnd...].prefix { isDigit($0) }.count
            if exponentDigits > 0, exponentDigits <= 4 {
                text += "e" + String(String.UnicodeScalarView(scalars[(index + 1)..<(exponentEnd + exponentDigits)]))
                index = exponentEnd + exponentDigits
            }
        }
        // Digits beyond what a Double holds are still one number; a text of thousands of digits stays linear to read.
        guard let value = Double(text.count > 400 ? String(text.prefix(400)) : text) else { return nil }
        return (value, index)
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isAlphabetic }
}
