/// The two-sided tabular CUSUM on standardized scores (Montgomery, *Introduction to Statistical Quality Control*,
/// §9.1): both drift charts feed it their scores, each computed its own way.
struct TabularCUSUM {
    /// k and h, in the scores' units (standard deviations or standard errors).
    let slack: Double
    let threshold: Double
    private var upper = 0.0
    private var lower = 0.0
    /// After the last time each sum was 0: where an alarm's excursion started.
    private var upperStart: Int
    private var lowerStart: Int

    /// `firstPosition`: the position of the first score, the excursion start until a sum returns to 0.
    init(slack: Double, threshold: Double, firstPosition: Int) {
        self.slack = slack
        self.threshold = threshold
        upperStart = firstPosition
        lowerStart = firstPosition
    }

    /// Adds the score of the run at `position`; the alarm when either sum passes the threshold.
    mutating func add(_ score: Double, at position: Int) -> SelfStartingCUSUM.Alarm? {
        upper = max(0, upper + score - slack)
        lower = max(0, lower - score - slack)
        if upper == 0 { upperStart = position + 1 }
        if lower == 0 { lowerStart = position + 1 }
        if upper > threshold { return SelfStartingCUSUM.Alarm(position: position, direction: .up, excursionStart: upperStart) }
        if lower > threshold { return SelfStartingCUSUM.Alarm(position: position, direction: .down, excursionStart: lowerStart) }
        return nil
    }
}
