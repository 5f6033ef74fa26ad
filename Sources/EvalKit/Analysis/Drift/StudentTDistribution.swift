import Foundation

/// The Student t cdf for whole degrees of freedom: the self-starting CUSUM needs it to turn each run's standardized
/// distance from the runs before it into an exact normal score (Hawkins 1987), whatever the length of that history.
///
/// ```swift
/// StudentTDistribution.cdf(2.776, degreesOfFreedom: 4)   // ≈ 0.975
/// ```
enum StudentTDistribution {
    /// P(T ≤ t) by the finite series of Abramowitz & Stegun 26.7.3–4 in θ = atan(t / √ν): exact up to rounding, O(ν).
    static func cdf(_ t: Double, degreesOfFreedom: Int) -> Double {
        precondition(degreesOfFreedom >= 1, "the t distribution needs at least 1 degree of freedom, got \(degreesOfFreedom)")
        guard !t.isNaN else { return .nan }
        let theta = atan(t / Double(degreesOfFreedom).squareRoot())
        let cosine = cos(theta)
        let odd = !degreesOfFreedom.isMultiple(of: 2)
        // Odd ν sums cos θ, (2/3) cos³θ, …; even ν sums 1, (1/2) cos²θ, …; both up to cos^(ν−2) θ by one recurrence.
        var term = odd ? cosine : 1
        var sum = 0.0
        var power = odd ? 1 : 0
        while power <= degreesOfFreedom - 2 {
            sum += term
            term *= cosine * cosine * Double(power + 1) / Double(power + 2)
            power += 2
        }
        let signedCentralMass = odd ? (theta + sin(theta) * sum) / (Double.pi / 2) : sin(theta) * sum
        return min(1, max(0, 0.5 + 0.5 * signedCentralMass))
    }

    /// The standard normal z with Φ(z) = F_ν(t), taken from the lower tail on both sides so the sign is exact.
    static func normalScore(_ t: Double, degreesOfFreedom: Int) -> Double {
        let lowerTail = cdf(-abs(t), degreesOfFreedom: degreesOfFreedom)
        let magnitude = -NormalDistribution.quantile(lowerTail)
        return t < 0 ? -magnitude : magnitude
    }
}
