/// Paired sign-flip permutation test on differences dᵢ = candidateᵢ − baselineᵢ for a continuous metric: under "no
/// difference" each difference's sign is exchangeable, so the observed sum is compared with the sums of every (or of
/// `resamples` random) sign assignments.
///
/// Exact enumeration when at most 16 differences are nonzero (zeros flip to themselves and change nothing), else
/// Monte Carlo with p = (1 + #{T* ≤ T}) / (1 + B), which is never 0 and is a valid p-value for any B. The
/// differences must be finite (drop cases with a missing score before calling).
/// ```swift
/// let p = SignFlipTest.pValueForDrop(differences: zip(new, old).map(-), seed: SeededRandom.seed(runSeed, label: metric))
/// ```
public enum SignFlipTest {
    /// Above this many nonzero differences the 2ⁿ assignments are sampled instead of enumerated.
    public static let exactLimit = 16

    /// One-sided p-value that the candidate is worse (the differences lean negative).
    public static func pValueForDrop(differences: [Double], resamples: Int = 10_000, seed: UInt64) -> Double {
        pValue(differences: differences, resamples: resamples, seed: seed, towardsDrop: true)
    }

    /// One-sided p-value that the candidate is better (the differences lean positive).
    public static func pValueForGain(differences: [Double], resamples: Int = 10_000, seed: UInt64) -> Double {
        pValue(differences: differences, resamples: resamples, seed: seed, towardsDrop: false)
    }

    private static func pValue(differences: [Double], resamples: Int, seed: UInt64, towardsDrop: Bool) -> Double {
        precondition(resamples > 0, "the sign-flip test needs at least one resample, got \(resamples)")
        precondition(differences.allSatisfy(\.isFinite), "the sign-flip test needs finite differences")
        // Mirroring the data turns the gain test into the drop test, so only "T* ≤ T" is ever counted.
        let nonzero = differences.filter { $0 != 0 }.map { towardsDrop ? $0 : -$0 }
        let observed = nonzero.reduce(0, +)
        // Sums of the same magnitudes in another order can differ in the last bits; count those as ties.
        let tolerance = 1e-9 * nonzero.reduce(0) { $0 + abs($1) }
        let threshold = observed + tolerance
        return nonzero.withUnsafeBufferPointer { values in
            if values.count <= exactLimit {
                return exactTail(values, atMost: threshold)
            }
            return sampledTail(values, atMost: threshold, resamples: resamples, seed: seed)
        }
    }

    /// The share of all 2ⁿ sign assignments whose sum is at most `threshold`.
    private static func exactTail(_ values: UnsafeBufferPointer<Double>, atMost threshold: Double) -> Double {
        let assignments = 1 << values.count
        var atMost = 0
        for mask in 0..<assignments {
            var sum = 0.0
            for (position, value) in values.enumerated() {
                sum += mask & (1 << position) == 0 ? value : -value
            }
            if sum <= threshold { atMost += 1 }
        }
        return Double(atMost) / Double(assignments)
    }

    /// (1 + #{T* ≤ threshold}) / (1 + B) over B seeded random sign assignments, 64 signs per random word.
    private static func sampledTail(_ values: UnsafeBufferPointer<Double>, atMost threshold: Double, resamples: Int,
                                    seed: UInt64) -> Double {
        var random = SeededRandom(seed: seed)
        var atMost = 0
        for _ in 0..<resamples {
            var sum = 0.0
            var bits: UInt64 = 0
            for (position, value) in values.enumerated() {
                if position & 63 == 0 { bits = random.next() }
                sum += bits & 1 == 0 ? value : -value
                bits >>= 1
            }
            if sum <= threshold { atMost += 1 }
        }
        return Double(1 + atMost) / Double(1 + resamples)
    }
}
