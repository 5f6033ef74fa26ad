import Foundation

/// A BLEU score with the figures sacreBLEU prints beside it.
///
/// `description` is sacreBLEU's own rendering of a score, so it can be compared with sacreBLEU's output as text:
///
/// ```swift
/// print(BLEU().corpusScore(hypotheses: hyps, references: [refs]))
/// // BLEU = 42.04 83.3/60.0/37.5/16.7 (BP = 1.000 ratio = 1.091 hyp_len = 12 ref_len = 11)
/// ```
public struct BLEUScore: Sendable, Hashable, CustomStringConvertible {
    /// BLEU on a 0–100 scale.
    public let score: Double
    /// The (smoothed) n-gram precisions of orders 1…4, each 0–100.
    public let precisions: [Double]
    /// The brevity penalty, 0–1.
    public let bp: Double
    /// Words in the hypotheses.
    public let sysLen: Int
    /// Words in the references, counting the one closest in length for each segment.
    public let refLen: Int
    /// Clipped n-gram matches of orders 1…4, before any smoothing.
    public let counts: [Int]
    /// Hypothesis n-grams of orders 1…4, before any smoothing.
    public let totals: [Int]

    public init(score: Double, precisions: [Double], bp: Double, sysLen: Int, refLen: Int, counts: [Int], totals: [Int]) {
        self.score = score
        self.precisions = precisions
        self.bp = bp
        self.sysLen = sysLen
        self.refLen = refLen
        self.counts = counts
        self.totals = totals
    }

    /// Hypothesis length over reference length; 0 when the references are empty.
    public var ratio: Double { refLen == 0 ? 0 : Double(sysLen) / Double(refLen) }

    /// sacreBLEU's `str(score)`: `BLEU = 42.04 83.3/60.0/37.5/16.7 (BP = 1.000 ratio = 1.091 hyp_len = 12 ref_len = 11)`.
    public var description: String {
        let precisionText = precisions.map { String(format: "%.1f", $0) }.joined(separator: "/")
        return "BLEU = \(String(format: "%.2f", score)) \(precisionText) (BP = \(String(format: "%.3f", bp)) "
            + "ratio = \(String(format: "%.3f", ratio)) hyp_len = \(sysLen) ref_len = \(refLen))"
    }
}

extension BLEUScore {
    /// sacreBLEU's `BLEU.compute_bleu`, step for step so the floating-point results agree.
    ///
    /// With `effectiveOrder` (sentence BLEU) the geometric mean stops at the highest order the hypothesis has
    /// n-grams of; without it, a missing order makes the score 0.
    init(statistics: BLEUStatistics, smoothing: BLEUSmoothing, effectiveOrder: Bool) {
        let sysLen = statistics.hypothesisLength, refLen = statistics.referenceLength
        var bp = 1.0
        if sysLen < refLen {
            bp = sysLen > 0 ? Foundation.exp(1 - Double(refLen) / Double(sysLen)) : 0
        }
        var precisions = [Double](repeating: 0, count: NGram.maxOrder)
        guard statistics.matches.contains(where: { $0 != 0 }) else {
            self.init(score: 0, precisions: precisions, bp: bp, sysLen: sysLen, refLen: refLen,
                      counts: statistics.matches, totals: statistics.totals)
            return
        }
        var correct = statistics.matches.map(Double.init), total = statistics.totals.map(Double.init)
        var mtevalSmoothing = 1.0
        var order = NGram.maxOrder
        for n in 1...NGram.maxOrder {
            let index = n - 1
            if case .addK(let k) = smoothing, n > 1 {
                correct[index] += k
                total[index] += k
            }
            if total[index] == 0 { break }
            if effectiveOrder { order = n }
            if correct[index] == 0 {
                switch smoothing {
                case .exp:
                    mtevalSmoothing *= 2
                    precisions[index] = 100 / (mtevalSmoothing * total[index])
                case .floor(let value):
                    precisions[index] = 100 * value / total[index]
                case .addK, .none:
                    break
                }
            } else {
                precisions[index] = 100 * correct[index] / total[index]
            }
        }
        let logSum = precisions[..<order].reduce(0.0) { $0 + Self.flooredLog($1) }
        self.init(score: bp * Foundation.exp(logSum / Double(order)), precisions: precisions, bp: bp,
                  sysLen: sysLen, refLen: refLen, counts: statistics.matches, totals: statistics.totals)
    }

    /// sacreBLEU's `my_log`: log(0) is a very negative number rather than -inf, so a zero precision gives score 0.
    private static func flooredLog(_ value: Double) -> Double {
        value == 0 ? -9_999_999_999 : Foundation.log(value)
    }
}
