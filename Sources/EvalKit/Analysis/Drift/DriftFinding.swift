/// What ``DriftDetector`` concluded about one series: whether its level moved for good, which way, from which run,
/// and a sentence for the nightly report.
///
/// Indices refer to the array passed to ``DriftDetector/detect(_:)``, gaps included, so the caller can map them back
/// to run ids and attribute the cause (a new prompt version, a backend upgrade).
public struct DriftFinding: Sendable, Hashable {
    public typealias Direction = ShiftDirection

    /// A sustained shift was detected (the most recent one is described when there were several).
    public var drifted: Bool
    public var direction: Direction?
    /// Index of the first run of the new level: the least-squares change point found after the alarm.
    public var changeIndex: Int?
    /// Index of the run where the alarm fired.
    public var alarmIndex: Int?
    /// Mean of the in-control runs before `changeIndex` (since any earlier shift); when nothing drifted, the mean of
    /// the whole history.
    public var levelBefore: Double?
    /// Mean from `changeIndex` to the end.
    public var levelAfter: Double?
    /// The noise standard deviation around the level(s), after the `minimumShift` floor, in the series' units.
    public var noise: Double
    /// Runs with a finite value.
    public var runsUsed: Int
    /// Change points of earlier shifts, oldest first, when the detector found more than one.
    public var earlierChangeIndices: [Int]
    /// One line a person can read, e.g.
    /// "down 12.0 points from run 18 (level 0.820 → 0.700, noise 0.015; alarm at run 20; self-starting CUSUM h=5σ k=0.5σ)".
    public var summary: String

    public init(
        drifted: Bool,
        direction: Direction? = nil,
        changeIndex: Int? = nil,
        alarmIndex: Int? = nil,
        levelBefore: Double? = nil,
        levelAfter: Double? = nil,
        noise: Double,
        runsUsed: Int,
        earlierChangeIndices: [Int] = [],
        summary: String
    ) {
        self.drifted = drifted
        self.direction = direction
        self.changeIndex = changeIndex
        self.alarmIndex = alarmIndex
        self.levelBefore = levelBefore
        self.levelAfter = levelAfter
        self.noise = noise
        self.runsUsed = runsUsed
        self.earlierChangeIndices = earlierChangeIndices
        self.summary = summary
    }
}
