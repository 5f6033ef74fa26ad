import Foundation

/// How the JSON a model produced is found in its output, before it is validated.
///
/// - `strict`: the whole output is one JSON document (surrounding whitespace allowed).
/// - `firstObject`: the first balanced `{…}` or `[…]` that parses, wherever it is in the text.
/// - `fenced`: the body of the first Markdown code fence tagged `json` (```` ```json ````).
public enum JSONExtraction: String, Sendable, CaseIterable {
    case strict
    case firstObject = "first_object"
    case fenced

    /// Why no JSON could be taken from an output, for a score's reason.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String
    }

    /// The JSON value in `text`, or why there is none.
    public func extract(from text: String) -> Result<JSONValue, Failure> {
        switch self {
        case .strict:
            return JSONExtraction.parse(Array(text.utf8), what: "the output")
        case .firstObject:
            return JSONExtraction.firstBalancedValue(in: Array(text.utf8))
        case .fenced:
            guard let body = JSONExtraction.fencedBody(in: text) else {
                return .failure(Failure(description: "the output has no ```json fenced block"))
            }
            return JSONExtraction.parse(Array(body.utf8), what: "the ```json block")
        }
    }

    private static func parse(_ bytes: [UInt8], what: String) -> Result<JSONValue, Failure> {
        do {
            return .success(try JSONParser.parse(bytes))
        } catch {
            return .failure(Failure(description: "\(what) is not JSON (\(error.description))"))
        }
    }

    /// Tries each `{` or `[` in turn: the span up to its matching bracket (strings and escapes respected) is parsed.
    private static func firstBalancedValue(in bytes: [UInt8]) -> Result<JSONValue, Failure> {
        var start = 0
        while let open = bytes[start...].firstIndex(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") }) {
            if let end = matchingClose(in: bytes, from: open), let value = try? JSONParser.parse(bytes[open...end]) {
                return .success(value)
            }
            start = open + 1
        }
        return .failure(Failure(description: "the output contains no JSON object or array"))
    }

    private static func matchingClose(in bytes: [UInt8], from open: Int) -> Int? {
        var depth = 0
        var inString = false
        var escaped = false
        for index in open..<bytes.count {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
        }
        return nil
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
