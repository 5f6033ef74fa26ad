import Foundation

/// One promptfoo assertion, read from a test's `assert` list or a CSV `__expected` cell.
struct PromptfooAssertion {
    /// The type without `not-`.
    var type: String
    var negate: Bool
    var value: JSONValue?
    var threshold: Double?
    var weight: Double?
    /// Keys evalctl cannot carry over (`transform`, `provider`, `rubricPrompt`, …).
    var unsupportedKeys: [String] = []
    var metric: String?
    let file: String
    let line: Int?

    var displayType: String { (negate ? "not-" : "") + type }

    /// The types a `__expected` cell may name (promptfoo's base assertion types).
    static let knownTypes: Set<String> = [
        "equals", "contains", "icontains", "contains-any", "contains-all", "icontains-any", "icontains-all", "starts-with",
        "regex", "is-json", "contains-json", "is-valid-openai-tools-call", "is-valid-openai-function-call", "is-sql",
        "contains-sql", "is-xml", "contains-xml", "llm-rubric", "model-graded-closedqa", "model-graded-factuality",
        "factuality", "answer-relevance", "context-faithfulness", "context-recall", "context-relevance", "classifier",
        "levenshtein", "bleu", "rouge-n", "similar", "cost", "latency", "perplexity", "perplexity-score", "javascript",
        "python", "webhook", "moderation", "is-refusal", "g-eval", "meteor", "gleu", "select-best", "human",
    ]

    /// Types whose CSV form takes a threshold `(N)`, defaulting to 0.75 (0.8 for `similar`).
    static let csvThresholdTypes: Set<String> = [
        "answer-relevance", "classifier", "context-faithfulness", "context-recall", "context-relevance", "cost",
        "latency", "levenshtein", "perplexity", "perplexity-score", "rouge-n", "similar", "starts-with",
    ]

    /// promptfoo's `assertionFromString`: the syntax of a CSV `__expected` cell.
    static func fromCell(_ cell: String, file: String, line: Int) -> PromptfooAssertion {
        func make(_ type: String, _ value: String?, negate: Bool = false, threshold: Double? = nil) -> PromptfooAssertion {
            PromptfooAssertion(type: type, negate: negate, value: value.map(JSONValue.string), threshold: threshold, file: file, line: line)
        }
        for prefix in ["javascript:", "fn:", "eval:"] where cell.hasPrefix(prefix) {
            return make("javascript", String(cell.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces))
        }
        if cell.hasPrefix("file://") && [".js", ".ts", ".mjs", ".cjs"].contains(where: { cell.contains($0) }) { return make("javascript", cell) }
        for prefix in ["grade:", "llm-rubric:"] where cell.hasPrefix(prefix) { return make("llm-rubric", String(cell.dropFirst(prefix.count))) }
        if cell.hasPrefix("python:") { return make("python", String(cell.dropFirst(7)).trimmingCharacters(in: .whitespaces)) }
        if cell.hasPrefix("file://") && cell.contains(".py") { return make("python", cell) }
        var rest = Substring(cell)
        let negate = rest.hasPrefix("not-")
        if negate { rest = rest.dropFirst(4) }
        let typeEnd = rest.firstIndex { $0 == "(" || $0 == ":" } ?? rest.endIndex
        let type = String(rest[..<typeEnd])
        guard knownTypes.contains(type) else { return make("equals", cell) }
        rest = rest[typeEnd...]
        var threshold: Double?
        if rest.hasPrefix("("), let close = rest.firstIndex(of: ")"), let number = Double(rest[rest.index(after: rest.startIndex)..<close]) {
            threshold = number
            rest = rest[rest.index(after: close)...]
        }
        let value: String? = rest.hasPrefix(":") ? String(rest.dropFirst()) : (rest.isEmpty ? nil : nil)
        guard rest.isEmpty || rest.hasPrefix(":") else { return make("equals", cell) }
        if threshold == nil && csvThresholdTypes.contains(type) { threshold = type == "similar" ? 0.8 : 0.75 }
        if ["contains-any", "contains-all", "icontains-any", "icontains-all"].contains(type), let value {
            let parts = value.split(separator: ",", omittingEmptySubsequences: false).map { JSONValue.string($0.trimmingCharacters(in: .whitespaces)) }
            return PromptfooAssertion(type: type, negate: negate, value: .array(parts), threshold: threshold, file: file, line: line)
        }
        let kept = ["is-json", "contains-json"].contains(type) ? value : value?.trimmingCharacters(in: .whitespacesAndNewlines)
        return make(type, kept, negate: negate, threshold: threshold)
    }

    /// An assertion object from a config or tests file.
    static func fromObject(_ object: [String: JSONValue], file: String, line: Int?) -> PromptfooAssertion? {
        guard var type = object["type"]?.stringValue else { return nil }
        let negate = type.hasPrefix("not-")
        if negate { type = String(type.dropFirst(4)) }
        var assertion = PromptfooAssertion(type: type, negate: negate, value: object["value"], threshold: object["threshold"]?.doubleValue,
                                           weight: object["weight"]?.doubleValue, file: file, line: line)
        assertion.metric = object["metric"]?.stringValue
        assertion.unsupportedKeys = object.keys.filter { !["type", "value", "threshold", "weight", "metric"].contains($0) }.sorted()
        return assertion
    }
}
