/// The process exit codes evalctl uses everywhere.
public enum ExitStatus: Int32, Sendable {
    /// Every suite met its `min_pass_rate`.
    case success = 0
    /// A suite is below its `min_pass_rate` (or, with a baseline, regressed).
    case belowThreshold = 1
    /// Bad usage or input: nothing was run.
    case invalidInput = 2
    /// A case ended in an error (infrastructure); wins over 1.
    case infrastructureError = 3
    /// Stopped by Ctrl-C or SIGTERM (the shell's convention, 128 + SIGINT); what finished is stored.
    case interrupted = 130
}
