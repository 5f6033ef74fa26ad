import Foundation
import Testing
@testable import EvalKit

@Suite("StudentTDistribution: t cdf for whole degrees of freedom")
struct StudentTDistributionTests {
    @Test("quantiles from the tables give back their probabilities", arguments: [
        (4, 2.7764451051977934, 0.975), (10, 2.228138851986274, 0.975), (30, 2.0422724563012378, 0.975),
        (3, 5.840909309733355, 0.995), (7, 1.4149239276505086, 0.9), (5, -3.5, 0.008642215892646679),
        (9, 1.0, 0.8282818019310432), (2000, 0.3, 0.6178958340067642),
    ])
    func tableValues(degreesOfFreedom: Int, t: Double, probability: Double) {
        let cdf = StudentTDistribution.cdf(t, degreesOfFreedom: degreesOfFreedom)
        #expect(abs(cdf - probability) < 1e-12, "ν=\(degreesOfFreedom) t=\(t): \(cdf)")
    }

    @Test("1 and 2 degrees of freedom match their closed forms")
    func closedForms() {
        for t in stride(from: -40.0, through: 40, by: 0.37) {
            #expect(abs(StudentTDistribution.cdf(t, degreesOfFreedom: 1) - (0.5 + atan(t) / .pi)) < 1e-14)
            #expect(abs(StudentTDistribution.cdf(t, degreesOfFreedom: 2) - (0.5 + t / (2 * (2 + t * t).squareRoot()))) < 1e-14)
        }
    }

    @Test("symmetric, monotone, and 0 and 1 at the infinities")
    func shape() {
        for nu in [1, 2, 3, 6, 25] {
            var previous = 0.0
            for t in stride(from: -12.0, through: 12, by: 0.25) {
                let cdf = StudentTDistribution.cdf(t, degreesOfFreedom: nu)
                #expect(abs(cdf + StudentTDistribution.cdf(-t, degreesOfFreedom: nu) - 1) < 1e-14)
                #expect(cdf >= previous)
                previous = cdf
            }
            #expect(StudentTDistribution.cdf(.infinity, degreesOfFreedom: nu) == 1)
            #expect(StudentTDistribution.cdf(-.infinity, degreesOfFreedom: nu) == 0)
        }
    }

    @Test("the normal score maps a t quantile to the normal quantile, with its sign")
    func normalScore() {
        #expect(abs(StudentTDistribution.normalScore(2.7764451051977934, degreesOfFreedom: 4) - 1.959963984540054) < 1e-9)
        #expect(abs(StudentTDistribution.normalScore(-2.7764451051977934, degreesOfFreedom: 4) + 1.959963984540054) < 1e-9)
        #expect(StudentTDistribution.normalScore(0, degreesOfFreedom: 4) == 0)
        #expect(StudentTDistribution.normalScore(.infinity, degreesOfFreedom: 4) == .infinity)
        // Heavy tails shrink: t = 3 with 4 degrees of freedom is less surprising than z = 3.
        #expect(StudentTDistribution.normalScore(3, degreesOfFreedom: 4) < 2.5)
    }
}
