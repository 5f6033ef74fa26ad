import Foundation

/// Reads a judge's reply: a JSON object `{"score": n, "reason": "…"}` (alone or the first object in the reply), or,
/// failing that, a last line `SCORE: n`. Anything else, or a score off the scale, is an error: never a pass or a fail.
enum JudgeReplyParser {
    struct Verdict: Equatable {
        let score: Double
        let reason: String
    }

    enum Failure: Error, DescribedError {
        case unparseable(reply: String)
        case offScale(score: Double, scale: JudgeScale, reply: String)

        var description: String {
            switch self {
            case .unparseable(let reply):
                "the judge's reply has no score (expected {\"score\": n, \"reason\": \"…\"} or a last line SCORE: n); reply: \(JSONValue.string(reply).canonicalJSON)"
            case .offScale(let score, let scale, let reply):
                "the judge's score \(JSONValue.format(number: score)) is outside the \(scale.rawValue) scale; reply: \(JSONValue.string(reply).canonicalJSON)"
            }
        }
    }

    /// Throws `Failure`, or `CancellationError` when the task is cancelled while a long reply is read.
    static func parse(_ reply: String, scale: JudgeScale) throws -> Verdict {
        guard let verdict = try fromJSON(reply) ?? fromScoreLine(reply) else { throw Failure.unparseable(reply: reply) }
        guard scale.range.contains(verdict.score), scale != .binary || verdict.score == verdict.score.rounded() else {
            throw Failure.offScale(score: verdict.score, scale: scale, reply: reply)
        }
        return verdict
    }

    /// The whole reply as JSON, else the first balanced JSON value in it (models like to wrap JSON in prose or fences),
    /// found the same way the `json_schema` scorer's `first_object` mode finds it.
    /// Linear in the reply's length, like the extraction it uses.
    private static func fromJSON(_ reply: String) throws(CancellationError) -> Verdict? {
        for extraction in [JSONExtraction.strict, .firstObject] {
            guard case .success(.object(let fields)) = try extraction.extract(from: reply) else { continue }
            let score: Double?
            switch fields["score"] {
            case .number(let number)?: score = number
            case .string(let text)?: score = Double(text.trimmingCharacters(in: .whitespaces))
            default: score = nil
            }
            if let score { return Verdict(score: score, reason: fields["reason"]?.stringValue ?? "") }
        }
        return nil
    }

    /// `SCORE: n` on the last non-empty line only, so a score quoted earlier in the reasoning is not taken.
    private static func fromScoreLine(_ reply: String) -> Verdict? {
        guard let last = reply.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) }) else { return nil }
        guard let match = last.wholeMatch(of: /\s*\**\s*(?i:score)\s*\**\s*:\s*\**\s*(-?\d+(?:\.\d+)?)\s*\**\s*/),
              let score = Double(match.1) else { return nil }
        return Verdict(score: score, reason: "")
    }
}
