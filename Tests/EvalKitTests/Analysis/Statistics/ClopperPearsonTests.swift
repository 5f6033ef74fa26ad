import Foundation
import Testing
@testable import EvalKit

@Suite("ClopperPearson: the exact interval of a binomial proportion")
struct ClopperPearsonTests {
    @Test("12 of 200 is 3.1–10.2% (SciPy's beta quantiles 0.0313840, 0.1024618)")
    func knownInterval() {
        let interval = ClopperPearson.interval(successes: 12, trials: 200)
        #expect(abs(interval.lower - 0.031383953893483446) < 1e-9)
        #expect(abs(interval.upper - 0.1024618313083245) < 1e-9)
    }

    @Test("none observed starts at 0; all observed ends at 1; the estimate lies inside")
    func edges() {
        let none = ClopperPearson.interval(successes: 0, trials: 1000)
        #expect(none.lower == 0)
        #expect(abs(none.upper - (1 - pow(0.025, 1.0 / 1000))) < 1e-9, "the upper end solves (1 − p)ⁿ = 0.025")
        let all = ClopperPearson.interval(successes: 50, trials: 50)
        #expect(all.upper == 1 && all.lower > 0.9)
        for successes in [1, 5, 50, 500, 999] {
            #expect(ClopperPearson.interval(successes: successes, trials: 1000).contains(Double(successes) / 1000))
        }
    }
}
