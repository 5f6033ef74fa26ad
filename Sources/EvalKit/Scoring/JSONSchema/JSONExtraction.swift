import Foundation

/// How the JSON a model produced is found in its output, before it is validated.
///
/// - `strict`: the whole output is one JSON document (surrounding whitespace allowed).
/// - `firstObject`: the first balanced `{…}` or `[…]` that parses, wherever it is in the text.
/// - `fenced`: the body of the first Markdown code fence tagged `json` (```` ```json ````).
///
/// Every mode takes time linear in the output's length, and a document nested deeper than `JSONParser.maximumDepth`
/// is a failure ("too deeply nested (limit 512)"), never a reason to look at something inside it instead.
public enum JSONExtraction: String, Sendable, CaseIterable {
    case strict
    case firstObject = "first_object"
    case fenced

    /// Why no JSON could be taken from an output, for a score's reason.
    public struct Failure: Error, Sendable, Hashable, DescribedError {
        public let description: String
    }

    /// The JSON value in `text`, or why there is none. Throws `CancellationError` when the current task is cancelled
    /// part-way (a long output is not read to the end for a run that is stopping).
    public func extract(from text: String) throws(CancellationError) -> Result<JSONValue, Failure> {
        try JSONExtraction.checkCancellation()
        switch self {
        case .strict:
            return JSONExtraction.parse(Array(text.utf8), what: "the output")
        case .firstObject:
            return try FirstBalancedValue(bytes: Array(text.utf8)).find()
        case .fenced:
            guard let body = JSONExtraction.fencedBody(in: text) else {
                return .failure(Failure(description: "the output has no ```json fenced block"))
            }
            try JSONExtraction.checkCancellation()
            return JSONExtraction.parse(Array(body.utf8), what: "the ```json block")
        }
    }

    static func checkCancellation() throws(CancellationError) {
        if Task.isCancelled { throw CancellationError() }
    }

    private static func parse(_ bytes: [UInt8], what: String) -> Result<JSONValue, Failure> {
        do {
            return .success(try JSONParser.parse(bytes))
        } catch {
            return .failure(Failure(description: "\(what) is not JSON (\(error.description))"))
        }
    }

    /// The text between a line opening with ```` ```json ```` and the next line of ```` ``` ````.
    private static func fencedBody(in text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let open = lines.firstIndex(where: { line in
            line.hasPrefix("```") && line.dropFirst(3).trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == "json"
        }) else { return nil }
        let rest = lines[(open + 1)...]
        // An unclosed fence runs to the end of the output.
        let close = rest.firstIndex { $0.hasPrefix("```") } ?? rest.endIndex
        return rest[..<close].joined(separator: "\n")
    }
}
