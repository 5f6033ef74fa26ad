import ArgumentParser
import EvalKit

/// What counts as a regression: shared by `compare`, `gate`, `run --baseline` and `power`.
struct GateRuleOptions: ParsableArguments {
    @Option(help: "A regression must be a drop larger than this, absolute on the 0…1 scale (0.02 = 2 points).")
    var margin = ComparisonPolicy.defaultMargin

    @Option(help: "Significance level of the one-sided paired tests, Holm-corrected across all comparisons.")
    var alpha = ComparisonPolicy.defaultAlpha

    func validate() throws {
        if !(0...1).contains(margin) { throw ValidationError("--margin must be between 0 and 1 (it is on the 0…1 scale)") }
        if !(alpha > 0 && alpha < 1) { throw ValidationError("--alpha must be between 0 and 1, exclusive") }
    }
}

/// The gate's rule and how runs are paired, for commands that compare stored runs.
struct ComparisonOptions: ParsableArguments {
    @OptionGroup var rule: GateRuleOptions

    @Flag(help: "Compare eval sets whose version differs (only cases with unchanged content are paired).")
    var allowVersionChange = false

    @Option(help: "Seed of the bootstrap and permutation tests (and of `run --sample`).")
    var seed: UInt64 = ComparisonPolicy().seed

    /// The policy for `compare`; the gate also sets `requireCompletedRuns`.
    var policy: ComparisonPolicy {
        var policy = ComparisonPolicy()
        policy.margin = rule.margin
        policy.alpha = rule.alpha
        policy.allowVersionChange = allowVersionChange
        policy.seed = seed
        return policy
    }
}

/// Where and how a comparison is written.
struct ComparisonOutput: ParsableArguments {
    @Option(help: "Output format: text, json, or markdown (for a pull-request comment).")
    var format: ComparisonFormat = .text

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    @OptionGroup var terminal: TerminalOptions

    func write(_ report: ComparisonReport) throws {
        let text = switch format {
        case .text: report.text(style: output == nil ? terminal.style : .plain)
        case .json: report.json()
        case .markdown: report.markdown()
        }
        let console = Console()
        if let output {
            try ReportFile.write(text.hasSuffix("\n") ? text : text + "\n", to: output)
            console.error("wrote \(output)")
        } else {
            console.out(text)
        }
    }
}
