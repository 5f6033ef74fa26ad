import ArgumentParser
import EvalKit
import Foundation

struct PowerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "power",
        abstract: "Simulate how often the gate catches a drop on an eval set of a given size (and how often it cries wolf).",
        discussion: """
            Each simulated case has its own pass probability shared by both runs; --flaky of the cases are flaky \
            (pass probability uniform on 0.1…0.9), the rest always pass or always fail. The candidate's expected pass \
            rate is --drop lower. With --noise independent, every case passes with --pass-rate in each run, drawn \
            independently. Each pair of runs goes through the same comparison as `evalctl gate`.
            """)

    @Option(help: "How the two runs' outcomes relate: correlated (per-case pass probabilities shared by both runs, --flaky of them flaky) or independent (every case passes with --pass-rate in each run, independently).")
    var noise: NoiseArgument = .correlated

    @Option(help: "Cases in the eval set.")
    var cases = 200

    @Option(help: "Expected pass rate of the baseline, 0…1.")
    var passRate = 0.7

    @Option(help: "Share of flaky cases, 0…1 (about 0.4 × this share of cases flip between identical runs).")
    var flaky = 0.05

    @Option(help: "True drop of the pass rate to detect, 0…1.")
    var drop = 0.05

    @Option(name: .customLong("repeat"), help: "Repeats per case.")
    var repeats = 1

    @Option(help: "Simulated pairs of runs per row.")
    var simulations = 500

    @Option(help: "Seed of the simulation (the comparisons inside it use the gate's default seed).")
    var seed: UInt64 = 1

    @OptionGroup var rule: GateRuleOptions

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    func validate() throws {
        if cases < 1 || repeats < 1 || simulations < 1 { throw ValidationError("--cases, --repeat and --simulations must be at least 1") }
        for (name, value) in [("--pass-rate", passRate), ("--flaky", flaky), ("--drop", drop)] where !(0...1).contains(value) {
            throw ValidationError("\(name) must be between 0 and 1")
        }
        if drop > passRate { throw ValidationError("--drop cannot exceed --pass-rate") }
    }

    func run() async throws {
        var simulation = GateSimulation()
        simulation.noise = noise.model
        simulation.cases = cases
        simulation.passRate = passRate
        simulation.flakyShare = flaky
        simulation.repeats = repeats
        simulation.simulations = simulations
        simulation.seed = seed
        simulation.policy.margin = rule.margin
        simulation.policy.alpha = rule.alpha
        let report = GatePowerReport(simulation: simulation, noChange: simulation.with(drop: 0).run(), withDrop: simulation.with(drop: drop).run(), drop: drop)
        Console().out(format == .json ? report.json() : report.text())
    }
}

/// `--noise`, as ArgumentParser reads it.
enum NoiseArgument: String, ExpressibleByArgument, CaseIterable {
    case correlated, independent

    var model: GateSimulation.Noise {
        switch self {
        case .correlated: .correlated
        case .independent: .independent
        }
    }
}
