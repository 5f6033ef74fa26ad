import Foundation

/// The smallest drop (on the metric's 0…1 scale) a one-sided test at `alpha` detects with `power` given the paired
/// cases, so a report can say "no regression detected, but this eval set could not have seen a drop below 4 points".
///
/// ```swift
/// let floor = MinimumDetectableDrop.drop(differences: perCase, alpha: 0.05, binary: true)
/// let needed = MinimumDetectableDrop.casesNeeded(toDetect: 0.02, from: 40) { n in
///     MinimumDetectableDrop.uncappedForMcNemar(noiseShare: 0.01 + 1 / Double(n), cases: n, alpha: 0.05)
/// }
/// ```
public enum MinimumDetectableDrop {
    /// `casesNeeded` looks no further: beyond this an eval set is better made less noisy than larger.
    public static let casesNeededLimit = 1_000_000

    /// (z₁₋α + z_power) · sd(d) / √n with the sample sd of the paired differences, capped at 1.
    ///
    /// For binary metrics it is never below the exact test's floor ⌈log₂(1/α)⌉ / n: fewer discordant cases than that
    /// can never reach significance even if all go one way. Continuous metrics with sd 0 use the same floor. 1 (cannot
    /// detect anything) when there are no cases.
    public static func drop(differences: [Double], alpha: Double, power: Double = 0.8, binary: Bool) -> Double {
        min(1, uncappedDrop(standardDeviation: sampleStandardDeviation(differences), cases: differences.count,
                            alpha: alpha, power: power, binary: binary))
    }

    /// `drop` before the cap: above 1 (up to infinity) when nothing on the 0…1 scale can be detected, which the
    /// inconclusive verdict must tell from a detectable 100-point drop.
    static func uncappedDrop(standardDeviation deviation: Double, cases count: Int, alpha: Double, power: Double, binary: Bool) -> Double {
        precondition(alpha > 0 && alpha < 1, "alpha must be in (0, 1), got \(alpha)")
        precondition(power > 0 && power < 1, "power must be in (0, 1), got \(power)")
        guard count > 0 else { return .infinity }
        let n = Double(count)
        let floor = exactFloor(alpha: alpha, cases: count)
        let approximation = (NormalDistribution.quantile(1 - alpha) + NormalDistribution.quantile(power)) * deviation / n.squareRoot()
        if binary { return max(approximation, floor) }
        return deviation == 0 ? floor : max(0, approximation)
    }

    /// The drop an exact McNemar test at `alpha` detects with `power` on `cases` pairs (Connor 1987): solves
    /// n·δ² = (z₁₋α·√ψ + z_power·√(ψ − δ²))², where ψ = π + δ is the share of discordant pairs under the drop and π the
    /// share that flips with no change at all. π comes from the flips in the other direction, (2·improved + 1) / n: a
    /// real drop in the data adds to the regressed flips only, so it does not inflate π (a real gain does, which makes
    /// the figure conservative).
    /// Never below the exact floor ⌈log₂(1/α)⌉ / n.
    public static func forMcNemar(regressed: Int, improved: Int, cases: Int, alpha: Double, power: Double = 0.8) -> Double {
        guard cases > 0 else { return 1 }
        return min(1, uncappedForMcNemar(noiseShare: mcNemarNoiseShare(improved: improved, cases: cases, at: cases),
                                         cases: cases, alpha: alpha, power: power))
    }

    /// π, the share of pairs that flip with no change, as `forMcNemar` estimates it from `improved` of `cases`,
    /// carried to an eval set of `at` cases with the same share of improved flips: 2·improved/cases + 1/at.
    static func mcNemarNoiseShare(improved: Int, cases: Int, at size: Int) -> Double {
        min(1, 2 * Double(improved) / Double(max(1, cases)) + 1 / Double(max(1, size)))
    }

    /// `forMcNemar` before the cap, for a flip share `noiseShare`: infinity when no drop up to 1 reaches `power`, and
    /// above 1 when the exact floor is (fewer cases than ⌈log₂(1/α)⌉).
    static func uncappedForMcNemar(noiseShare noise: Double, cases: Int, alpha: Double, power: Double = 0.8) -> Double {
        precondition(alpha > 0 && alpha < 1 && power > 0 && power < 1, "alpha and power must be in (0, 1)")
        guard cases > 0 else { return .infinity }
        let n = Double(cases)
        let zAlpha = NormalDistribution.quantile(1 - alpha), zPower = NormalDistribution.quantile(power)
        func excess(_ drop: Double) -> Double {
            let discordant = min(1, noise + drop)
            return n.squareRoot() * drop - (zAlpha * discordant.squareRoot() + zPower * max(0, discordant - drop * drop).squareRoot())
        }
        let floor = exactFloor(alpha: alpha, cases: cases)
        guard excess(1) > 0 else { return .infinity }
        var low = 0.0, high = 1.0
        for _ in 0..<60 {
            let middle = (low + high) / 2
            if excess(middle) > 0 { high = middle } else { low = middle }
        }
        return max(high, floor)
    }

    /// The fewest paired cases, `current` or more, at which `detectableDrop(n)` (non-increasing in n) is at most
    /// `target`; nil when more than `limit` would be needed (or the target is zero: no eval set detects any drop).
    /// Doubling, then bisection: about 2·log₂(limit) evaluations.
    public static func casesNeeded(toDetect target: Double, from current: Int, limit: Int = casesNeededLimit,
                                   detectableDrop: (Int) -> Double) -> Int? {
        guard target > 0 else { return nil }
        var low = max(1, current)
        if detectableDrop(low) <= target { return low }
        var high = low
        repeat {
            low = high
            guard high < limit else { return nil }
            high = min(limit, high * 2)
        } while detectableDrop(high) > target
        // detectableDrop(low) > target ≥ detectableDrop(high)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if detectableDrop(middle) <= target { high = middle } else { low = middle }
        }
        return high
    }

    /// Fewer discordant cases than ⌈log₂(1/α)⌉ cannot reach significance even if all go one way.
    static func exactFloor(alpha: Double, cases: Int) -> Double {
        (log2(1 / alpha)).rounded(.up) / Double(cases)
    }

    /// The n − 1 standard deviation; 0 for a single value, which leaves the floor to decide.
    static func sampleStandardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }
}
