import Foundation

/// A chrF score as sacreBLEU reports it: the score (0–100) under the metric's name (`chrF2`, `chrF2++`).
///
/// `description` is sacreBLEU's own rendering, so it can be compared with sacreBLEU's output as text:
///
/// ```swift
/// print(ChrF().corpusScore(hypotheses: hyps, references: [refs]))   // chrF2 = 61.70
/// ```
public struct ChrFScore: Sendable, Hashable, CustomStringConvertible {
    /// chrF on a 0–100 scale.
    public let score: Double
    /// `chrF` and beta, then a `+` per word order: `chrF2`, `chrF2++`.
    public let name: String
    let statistics: ChrFStatistics

    init(score: Double, name: String, statistics: ChrFStatistics) {
        self.score = score
        self.name = name
        self.statistics = statistics
    }

    /// sacreBLEU's `str(score)`: `chrF2 = 61.70`.
    public var description: String { "\(name) = \(String(format: "%.2f", score))" }

    /// One JSON object, keys in this order: `name`, `score`, `signature`. The score is unrounded (the shortest text
    /// that reads back as the same `Double`).
    public func json(signature: String) -> String {
        #"{"name": \#(JSONValue.string(name).canonicalJSON), "score": \#(SacreBLEU.jsonNumber(score)), "#
            + #""signature": \#(JSONValue.string(signature).canonicalJSON)}"#
    }
}
