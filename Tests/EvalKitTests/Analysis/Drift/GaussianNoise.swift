@testable import EvalKit

/// Seeded normal draws for the drift tests, by inversion so each draw takes exactly one uniform from the stream.
struct GaussianNoise {
    private var random: SeededRandom

    init(seed: UInt64) {
        random = SeededRandom(seed: SeededRandom.seed(seed, label: "drift"))
    }

    /// A standard normal draw; the uniform is (m + ½)·2⁻⁵² with a 52-bit m, so it is never 0 or 1.
    mutating func next() -> Double {
        NormalDistribution.quantile((Double(random.next() >> 12) + 0.5) * 0x1p-52)
    }

    /// `count` runs at `level` with noise `sigma`, then `shift` added from run `shiftAt` on.
    mutating func series(count: Int, level: Double, sigma: Double, shift: Double = 0, shiftAt: Int = .max) -> [Double?] {
        (0..<count).map { run in level + sigma * next() + (run >= shiftAt ? shift : 0) }
    }
}
