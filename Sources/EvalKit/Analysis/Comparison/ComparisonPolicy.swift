/// How runs are compared and what counts as a regression.
///
/// A drop is a regression when it is statistically significant (one-sided paired test at `alpha`, Holm-corrected
/// across every eval set × prompt × backend × scorer compared) and larger than `margin` on the 0…1 scale.
public struct ComparisonPolicy: Sendable, Hashable {
    public static let defaultAlpha = 0.05
    /// Two points of pass rate.
    public static let defaultMargin = 0.02

    public var alpha = ComparisonPolicy.defaultAlpha
    /// The smallest drop that matters, absolute on 0…1 (0.02 is two points of pass rate).
    public var margin = ComparisonPolicy.defaultMargin
    /// Compare eval sets whose `version` differs (only cases with the same content hash are paired either way).
    public var allowVersionChange = false
    /// Seeds the bootstrap and permutation tests, so the same data always gives the same numbers.
    public var seed: UInt64 = 20_261_125
    public var bootstrapResamples = 2000
    public var permutationResamples = 10_000
    /// Refuse runs that did not complete (interrupted, failed, or killed while running): the gate judges finished
    /// runs only. `compare` notes an incomplete run instead.
    public var requireCompletedRuns = false
    /// Power used for the minimum detectable drop.
    public var power = 0.8

    public init() {}
}
