import Foundation

/// `f1`: token-level F1 between the output and the expected answer (the best over a list), the SQuAD measure that
/// OpenAI Evals' `FuzzyMatch` reports: both texts are normalized (`squad`: lowercase, ASCII punctuation and the articles
/// a/an/the removed, whitespace collapsed) and split on whitespace; F1 = 2PR/(P+R) over the multiset of shared tokens.
/// Tokens are compared by code point, as in Python.
///
/// ```yaml
/// - {type: f1, threshold: 0.5}
/// ```
/// The value is 0…1; the default threshold is 0.5. As in OpenAI Evals' `f1_score`, no shared token scores 0, two empty
/// texts included.
public struct TokenF1Scorer: Scorer {
    public let name: String
    public let threshold: Double
    public var scoreScale: ScoreScale { ScoreScale(kind: .continuous, range: 0...1) }

    public init(name: String = "f1", threshold: Double = 0.5) {
        self.name = name
        self.threshold = threshold
    }

    init(spec: ScorerSpec) throws(InputProblem) {
        let options = try ScorerOptions(spec, allowed: [])
        self.init(name: options.name, threshold: try options.threshold(default: 0.5))
    }

    public func score(_ input: ScoringInput) async throws -> Score {
        let outputTokens = Self.tokens(input.output)
        var best = 0.0
        var bestAnswer = input.evalCase.expectedTexts.first ?? ""
        for answer in input.evalCase.expectedTexts {
            let f1 = Self.f1(outputTokens, Self.tokens(answer))
            if f1 > best { (best, bestAnswer) = (f1, answer) }
        }
        return Score(scorer: name, value: best, threshold: threshold,
                     reason: "token F1 \(ScoreText.number(best)) against \(ScoreText.quote(bestAnswer))")
    }

    /// The normalized tokens of `text`, as code points: tokens compare as Python strings do, so `"é"` (precomposed)
    /// and `"e\u{301}"` are different tokens, as they are to OpenAI Evals.
    static func tokens(_ text: String) -> [ArraySlice<Unicode.Scalar>] {
        TextNormalization.squadWords(text)
    }

    /// F1 over the multisets of `prediction` and `reference` tokens, computed as OpenAI Evals' `f1_score` does (same
    /// operations in the same order, so the same double).
    static func f1(_ prediction: [ArraySlice<Unicode.Scalar>], _ reference: [ArraySlice<Unicode.Scalar>]) -> Double {
        var counts: [[Unicode.Scalar]: Int] = [:]
        for token in reference { counts[Array(token), default: 0] += 1 }
        var shared = 0
        for token in prediction {
            let key = Array(token)
            guard let count = counts[key], count > 0 else { continue }
            counts[key] = count - 1
            shared += 1
        }
        guard shared > 0 else { return 0 }
        let precision = Double(shared) / Double(prediction.count)
        let recall = Double(shared) / Double(reference.count)
        return (2 * precision * recall) / (precision + recall)
    }
}
