import Testing
@testable import EvalKit

/// The evidence that the gate's statistics are right: simulated pairs of runs through the real comparison.
/// `evalctl power` runs the same simulation with other settings; docs/compare-and-gate.md reports its numbers.
@Suite("Gate simulation: false alarms and power")
struct GateSimulationTests {
    /// Three standard errors above alpha: a correct test stays under it in all but about 1 in 1,000 seeds.
    static func falseAlarmLimit(alpha: Double, simulations: Int) -> Double {
        alpha + 3 * (alpha * (1 - alpha) / Double(simulations)).squareRoot()
    }

    @Test("no change, 200 cases: the gate raises an alarm in at most alpha of 500 simulations", arguments: [0.05, 0.2])
    func falseAlarmRate(flakyShare: Double) {
        var simulation = GateSimulation()
        simulation.flakyShare = flakyShare
        simulation.drop = 0
        let outcome = simulation.run()
        #expect(outcome.simulations == 500)
        #expect(outcome.alarmRate <= Self.falseAlarmLimit(alpha: 0.05, simulations: 500), "\(outcome)")
        #expect(outcome.flipRate > 0, "the simulated runs are noisy, or the test would prove nothing")
    }

    @Test("no change, 1,000 pairs at margin 0: the false-alarm rate's exact 95% lower bound is at most alpha, under correlated and independent noise",
          arguments: [GateSimulation.Noise.correlated, .independent])
    func falseAlarmRateUnderEitherNoise(noise: GateSimulation.Noise) {
        var simulation = GateSimulation()
        simulation.noise = noise
        // The replay: 20% wrong answers, drawn independently in each run; correlated: 5% flaky cases.
        simulation.passRate = noise == .independent ? 0.8 : 0.7
        simulation.simulations = 1000
        simulation.seed = 13
        let outcome = simulation.run()
        #expect(outcome.simulations == 1000)
        #expect(outcome.alarmInterval.lower <= simulation.policy.alpha, "\(noise): \(outcome.alarms) alarms, \(outcome.alarmInterval)")
        #expect(outcome.alarmInterval.contains(outcome.alarmRate))
        if noise == .independent {
            #expect(outcome.flipRate > 0.25, "20% wrong in each run, independently: about 32% of cases flip")
        }
    }

    @Test("a true 5-point drop on 200 cases (5% flaky cases) is detected in at least 80% of 500 simulations with margin 0")
    func detectsFivePointDrop() {
        var simulation = GateSimulation()
        simulation.drop = 0.05
        let outcome = simulation.run()
        #expect(outcome.alarmRate >= 0.8, "\(outcome)")
    }

    @Test("repeats feed the sign-flip test, which also holds its false-alarm rate")
    func repeatsHoldFalseAlarmRate() {
        var simulation = GateSimulation()
        simulation.repeats = 3
        simulation.flakyShare = 0.2
        simulation.simulations = 300
        let outcome = simulation.run()
        #expect(outcome.alarmRate <= Self.falseAlarmLimit(alpha: 0.05, simulations: 300), "\(outcome)")
    }

    @Test("at the detectable drop the gate prints under no change, it catches about 80% of drops")
    func detectableDropHasItsPower() {
        var simulation = GateSimulation()
        simulation.simulations = 400
        let printed = simulation.run().minimumDetectableDrop
        simulation.drop = printed
        simulation.seed = 2
        let outcome = simulation.run()
        #expect(printed > 0.02 && printed < 0.08, "\(printed)")
        #expect(outcome.alarmRate > 0.7 && outcome.alarmRate < 0.9, "power at the printed drop \(printed): \(outcome)")
    }
}
