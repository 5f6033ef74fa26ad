import Foundation
import Testing
@testable import EvalKit

@Suite("NormalDistribution: standard normal cdf and quantile")
struct NormalDistributionTests {
    @Test("well-known values")
    func knownValues() {
        #expect(NormalDistribution.cdf(0) == 0.5)
        #expect(abs(NormalDistribution.cdf(1) - 0.8413447460685429) < 1e-15)
        #expect(abs(NormalDistribution.cdf(-1.959963984540054) - 0.025) < 1e-15)
        #expect(NormalDistribution.quantile(0.5) == 0)
        #expect(abs(NormalDistribution.quantile(0.975) - 1.959963984540054) < 1e-14)
        #expect(abs(NormalDistribution.quantile(0.95) - 1.6448536269514722) < 1e-14)
        #expect(abs(NormalDistribution.quantile(0.8) - 0.8416212335729143) < 1e-14)
    }

    @Test("quantile then cdf returns p, from 1e-300 to 1 − 1e-12")
    func quantileRoundTrip() {
        var probabilities = stride(from: 0.001, to: 1, by: 0.001).map { $0 }
        probabilities += (1...300).map { pow(10, -Double($0)) }
        probabilities += (1...12).map { 1 - pow(10, -Double($0)) }
        for p in probabilities {
            let back = NormalDistribution.cdf(NormalDistribution.quantile(p))
            // Near 1 the cdf's own rounding (half an ulp of 1) dominates; elsewhere the round trip is near exact.
            #expect(abs(back - p) <= 1e-12 * min(p, 1 - p) + 2e-16, "p = \(p): \(back)")
        }
    }

    @Test("cdf then quantile returns x on [−37, 6]")
    func cdfRoundTrip() {
        for x in stride(from: -37.0, through: 6, by: 0.173) {
            let back = NormalDistribution.quantile(NormalDistribution.cdf(x))
            #expect(abs(back - x) < 1e-8 * max(1, abs(x)), "x = \(x): \(back)")
        }
    }

    @Test("the quantile is odd and the cdf is its mirror image")
    func symmetry() {
        for k in 1..<1024 {
            let p = Double(k) / 1024
            #expect(NormalDistribution.quantile(p) == -NormalDistribution.quantile(1 - p))
        }
        for x in stride(from: 0.0, through: 8, by: 0.25) {
            #expect(abs(NormalDistribution.cdf(x) + NormalDistribution.cdf(-x) - 1) < 1e-15)
        }
    }

    @Test("edges: 0 and 1 are infinite, outside [0, 1] is NaN")
    func edges() {
        #expect(NormalDistribution.quantile(0) == -.infinity)
        #expect(NormalDistribution.quantile(1) == .infinity)
        #expect(NormalDistribution.quantile(-0.1).isNaN)
        #expect(NormalDistribution.quantile(1.1).isNaN)
        #expect(NormalDistribution.quantile(.nan).isNaN)
        #expect(NormalDistribution.cdf(-.infinity) == 0)
        #expect(NormalDistribution.cdf(.infinity) == 1)
    }
}
