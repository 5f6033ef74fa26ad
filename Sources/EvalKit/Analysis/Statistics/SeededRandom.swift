/// A reproducible random stream (xoshiro256** seeded through SplitMix64) for the resampling tests and intervals.
///
/// Use it wherever a statistic depends on random draws, so a gate verdict can be replayed bit for bit on any machine.
/// Derive one stream per comparison with ``seed(_:label:)`` rather than sharing a generator, so adding a comparison
/// never shifts the numbers of the others:
/// ```swift
/// var random = SeededRandom(seed: SeededRandom.seed(run.seed, label: "exact-match/latency"))
/// let index = random.index(below: cases.count)
/// ```
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var mixer = seed
        state = (Self.splitMix64(&mixer), Self.splitMix64(&mixer), Self.splitMix64(&mixer), Self.splitMix64(&mixer))
    }

    /// Starts from a raw xoshiro256** state, for checking the generator against the published reference outputs.
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        self.state = state
    }

    public mutating func next() -> UInt64 {
        let result = Self.rotateLeft(state.1 &* 5, by: 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = Self.rotateLeft(state.3, by: 45)
        return result
    }

    /// A uniform integer in `0..<bound` by Lemire's multiply-and-reject method, spelled out here because the standard
    /// library's bounded draw is free to change between Swift releases and would silently change replayed verdicts.
    public mutating func index(below bound: Int) -> Int {
        precondition(bound > 0, "SeededRandom.index(below:) needs a positive bound, got \(bound)")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A uniform double in `[0, 1)` from the top 53 bits.
    public mutating func unitInterval() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A seed for one labelled stream, mixed from a base seed and a label with a stable hash (FNV-1a 64 over UTF-8;
    /// never Swift's `Hasher`, which is randomized per process).
    public static func seed(_ base: UInt64, label: String) -> UInt64 {
        var mixer = base ^ fnv1a64(label)
        return splitMix64(&mixer)
    }

    /// FNV-1a, 64-bit, over the label's UTF-8 bytes.
    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// One step of SplitMix64: advances `state` and returns the mixed output.
    static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    private static func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }
}
