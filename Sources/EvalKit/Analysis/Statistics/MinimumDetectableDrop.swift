import Foundation

/// The smallest drop (on the metric's 0…1 scale) a one-sided test at `alpha` detects with `power` given the paired
/// cases, so a report can say "no regression detected, but this eval set could not have seen a drop below 4 points".
///
/// ```swift
/// let floor = MinimumDetectableDrop.drop(differences: perCase, alpha: 0.05, binary: true)
/// ```
public enum MinimumDetectableDrop {
    /// (z₁₋α + z_power) · sd(d) / √n with the sample sd of the paired differences, capped at 1.
    ///
    /// For binary metrics it is never below the exact test's floor ⌈log₂(1/α)⌉ / n: fewer discordant cases than that
    /// can never reach significance even if all go one way. Continuous metrics with sd 0 use the same floor. 1 (cannot
    /// detect anything) when there are no cases.
    public static func drop(differences: [Double], alpha: Double, power: Double = 0.8, binary: Bool) -> Double {
        precondition(alpha > 0 && alpha < 1, "alpha must be in (0, 1), got \(alpha)")
        precondition(power > 0 && power < 1, "power must be in (0, 1), got \(power)")
        let count = differences.count
        guard count > 0 else { return 1 }
        let n = Double(count)
        let exactFloor = (log2(1 / alpha)).rounded(.up) / n
        let deviation = sampleStandardDeviation(differences)
        let approximation = (NormalDistribution.quantile(1 - alpha) + NormalDistribution.quantile(power)) * deviation / n.squareRoot()
        let drop: Double
        if binary {
            drop = max(approximation, exactFloor)
        } else {
            drop = deviation == 0 ? exactFloor : max(0, approximation)
        }
        return min(1, drop)
    }

    /// The drop an exact McNemar test at `alpha` detects with `power` on `cases` pairs (Connor 1987): solves
    /// n·δ² = (z₁₋α·√ψ + z_power·√(ψ − δ²))², where ψ = π + δ is the share of discordant pairs under the drop and π the
    /// share that flips with no change at all. π comes from the flips in the other direction, (2·improved + 1) / n: a
    /// real drop in the data adds to the regressed flips only, so it does not inflate π (a real gain does, which makes
    /// the figure conservative).
    /// Never below the exact floor ⌈log₂(1/α)⌉ / n.
    public static func forMcNemar(regressed: Int, improved: Int, cases: Int, alpha: Double, power: Double = 0.8) -> Double {
        precondition(alpha > 0 && alpha < 1 && power > 0 && power < 1, "alpha and power must be in (0, 1)")
        guard cases > 0 else { return 1 }
        let n = Double(cases)
        let noise = min(1, (2 * Double(improved) + 1) / n)
        let zAlpha = NormalDistribution.quantile(1 - alpha), zPower = NormalDistribution.quantile(power)
        func excess(_ drop: Double) -> Double {
            let discordant = min(1, noise + drop)
            return n.squareRoot() * drop - (zAlpha * discordant.squareRoot() + zPower * max(0, discordant - drop * drop).squareRoot())
        }
        var low = 0.0, high = 1.0
        guard excess(high) > 0 else { return 1 }
        for _ in 0..<60 {
            let middle = (low + high) / 2
            if excess(middle) > 0 { high = middle } else { low = middle }
        }
        return min(1, max(high, (log2(1 / alpha)).rounded(.up) / n))
    }

    /// The n − 1 standard deviation; 0 for a single value, which leaves the floor to decide.
    static func sampleStandardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }
}
