import Foundation

/// `json_equal`: the JSON in the output equals the expected JSON (any one, for a list): objects whatever their key
/// order, numbers by value (`1` equals `1.0`), arrays in order. An expected string is parsed as JSON (OpenAI Evals'
/// `JsonMatch` keeps ideals as JSON text); any other expected value is the JSON itself.
///
/// ```yaml
/// - {type: json_equal}                       # the whole output is one JSON document
/// - {type: json_equal, extract: first_object}
/// ```
public struct JSONEqualScorer: Scorer {
    public let name: String
    public let threshold: Double
    public let extraction: JSONExtraction

    public init(name: String = "json_equal", extraction: JSONExtraction = .strict, threshold: Double = 1) {
        self.name = name
        self.extraction = extraction
        self.threshold = threshold
    }

    init(spec: ScorerSpec) throws(InputProblem) {
        let options = try ScorerOptions(spec, allowed: ["extract"])
        let extractName = try options.string("extract") ?? JSONExtraction.strict.rawValue
        guard let extraction = JSONExtraction(rawValue: extractName) else {
            throw spec.problem("unknown 'extract' value '\(extractName)' (expected one of: \(JSONExtraction.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self.init(name: options.name, extraction: extraction, threshold: try options.threshold(default: 1))
    }

    public func score(_ input: ScoringInput) async throws -> Score {
        let output: JSONValue
        switch try extraction.extract(from: input.output) {
        case .success(let value): output = value
        case .failure(let failure): return Score(scorer: name, value: 0, threshold: threshold, reason: failure.description)
        }
        let expected: [JSONValue]
        // A list of JSON texts is a list of answers; an empty list is the JSON value [] itself.
        if case .array(let items) = input.evalCase.expected, !items.isEmpty, items.allSatisfy({ $0.stringValue != nil }) {
            expected = items
        } else {
            expected = [input.evalCase.expected]
        }
        var parsed: [JSONValue] = []
        for candidate in expected {
            guard let text = candidate.stringValue else { parsed.append(candidate); continue }
            do {
                parsed.append(try JSONParser.parse(Array(text.utf8)))
            } catch {
                throw ScorerFailure("the expected answer is not JSON: \(error)")
            }
        }
        let matched = parsed.contains { output.schemaEquals($0) }
        return Score(scorer: name, value: matched ? 1 : 0, threshold: threshold,
                     reason: matched ? "equals the expected JSON" : "differs from the expected JSON \(ScoreText.quote(parsed.first?.canonicalJSON ?? ""))")
    }
}
