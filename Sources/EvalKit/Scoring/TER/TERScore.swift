import Foundation

/// A TER score as sacreBLEU reports it, with the edits and reference length it is the ratio of.
///
/// `description` is sacreBLEU's own rendering, so it can be compared with sacreBLEU's output as text:
///
/// ```swift
/// print(TER().corpusScore(hypotheses: hyps, references: [refs]))   // TER = 37.50
/// ```
public struct TERScore: Sendable, Hashable, CustomStringConvertible {
    /// TER in percent: 100 × edits / reference length. Lower is better; it can exceed 100.
    public let score: Double
    public let edits: Int
    /// The sum over segments of each segment's average reference length.
    public let referenceLength: Double

    /// sacreBLEU's `_compute_score_from_stats`: an empty reference with a non-empty hypothesis is 100, both empty 0.
    init(_ statistics: TERStatistics) {
        edits = statistics.edits
        referenceLength = statistics.referenceLength
        if referenceLength > 0 {
            score = 100 * (Double(edits) / referenceLength)
        } else {
            score = edits > 0 ? 100 : 0
        }
    }

    /// sacreBLEU's `str(score)`: `TER = 37.50`.
    public var description: String { "TER = \(String(format: "%.2f", score))" }

    /// One JSON object, keys in this order: `name`, `score`, `num_edits`, `ref_length`, `signature` (sacreBLEU's
    /// names). Numbers are unrounded (the shortest text that reads back as the same `Double`).
    public func json(signature: String) -> String {
        #"{"name": "TER", "score": \#(SacreBLEU.jsonNumber(score)), "num_edits": \#(edits), "#
            + #""ref_length": \#(SacreBLEU.jsonNumber(referenceLength)), "signature": \#(JSONValue.string(signature).canonicalJSON)}"#
    }
}
