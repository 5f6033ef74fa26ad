import Testing
@testable import EvalKit

@Suite("HolmCorrection: step-down multiple-comparison adjustment")
struct HolmCorrectionTests {
    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-12 }
    }

    @Test("the worked example: sorted p 0.005, 0.01, 0.03, 0.04 become 0.02, 0.03, 0.06, 0.06")
    func textbookExample() {
        // m = 4: 4·0.005 = 0.02, 3·0.01 = 0.03, 2·0.03 = 0.06, 1·0.04 = 0.04 → raised to 0.06 to stay monotone.
        let adjusted = HolmCorrection.adjust([0.01, 0.04, 0.03, 0.005])
        #expect(Self.close(adjusted, [0.03, 0.06, 0.06, 0.02]), "\(adjusted)")
    }

    @Test("Holm rejects hypotheses that Bonferroni misses")
    func holmRejectsMoreThanBonferroni() {
        // Five tests at alpha 0.05: Bonferroni (m·p) rejects only p = 0.01; Holm also rejects 0.011 and 0.012.
        let raw = [0.01, 0.011, 0.012, 0.04, 0.2]
        let adjusted = HolmCorrection.adjust(raw)
        #expect(Self.close(adjusted, [0.05, 0.05, 0.05, 0.08, 0.2]), "\(adjusted)")
        #expect(raw.map { $0 * 5 <= 0.05 + 1e-12 } == [true, false, false, false, false])
    }

    @Test("empty and single inputs; caps at 1; ties share a value")
    func edges() {
        #expect(HolmCorrection.adjust([]) == [])
        #expect(HolmCorrection.adjust([0.3]) == [0.3])
        #expect(HolmCorrection.adjust([0.6, 0.9, 0.5]) == [1, 1, 1])
        let tied = HolmCorrection.adjust([0.02, 0.02, 0.5])
        #expect(tied[0] == tied[1])
        #expect(abs(tied[0] - 0.06) < 1e-15)
    }

    @Test("adjusted values are at least the raw ones, at most Bonferroni's, and monotone in the raw order")
    func properties() {
        var random = SeededRandom(seed: 21)
        for _ in 0..<200 {
            let count = 1 + random.index(below: 12)
            let raw = (0..<count).map { _ in random.unitInterval() * (random.index(below: 2) == 0 ? 0.05 : 1) }
            let adjusted = HolmCorrection.adjust(raw)
            #expect(adjusted.count == raw.count)
            for (p, q) in zip(raw, adjusted) {
                #expect(q >= p && q <= 1)
                #expect(q <= min(1, Double(count) * p) + 1e-15)
            }
            for i in raw.indices { for j in raw.indices where raw[i] < raw[j] { #expect(adjusted[i] <= adjusted[j]) } }
        }
    }
}
