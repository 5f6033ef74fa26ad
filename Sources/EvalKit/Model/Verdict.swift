/// What a command found, as facts; `exitStatus` turns them into the exit code in the one order every command shares:
/// an interruption, then errors (infrastructure), then input that could not be used, then a failed bar (a suite
/// below its `min_pass_rate`, a regression, a drift alarm, an invalid instance; an inconclusive comparison under
/// `--fail-inconclusive`), else success.
///
///     var verdict = Verdict()
///     verdict.failedBar = comparison.hasRegression
///     verdict.errored = candidate.errored > 0
///     verdict.exitStatus   // .infrastructureError: errors win over a regression
public struct Verdict: Sendable, Hashable {
    /// Stopped by Ctrl-C or SIGTERM.
    public var interrupted = false
    /// A case ended in an error, or the run could not start: the answer is not trustworthy.
    public var errored = false
    /// Input or usage that could not be used: bad files, runs that cannot be compared, a report that cannot be written.
    public var unusable = false
    /// The bar was not met: below `min_pass_rate`, a regression, a new drift, an invalid instance.
    public var failedBar = false
    /// A comparison found no regression but could not have found one: the eval set is too small or too noisy to
    /// detect a drop of the margin. A success unless `inconclusiveFails`.
    public var inconclusive = false
    /// `--fail-inconclusive`: an inconclusive comparison fails the bar.
    public var inconclusiveFails = false

    public init(interrupted: Bool = false, errored: Bool = false, unusable: Bool = false, failedBar: Bool = false,
                inconclusive: Bool = false, inconclusiveFails: Bool = false) {
        self.interrupted = interrupted
        self.errored = errored
        self.unusable = unusable
        self.failedBar = failedBar
        self.inconclusive = inconclusive
        self.inconclusiveFails = inconclusiveFails
    }

    public var exitStatus: ExitStatus {
        if interrupted { return .interrupted }
        if errored { return .infrastructureError }
        if unusable { return .invalidInput }
        if failedBar || (inconclusive && inconclusiveFails) { return .belowThreshold }
        return .success
    }
}
