/// A process-wide SplitMix64 generator seeded once from the system generator.
///
/// Completion and request ids need to look random and be unique, not to be unguessable, and
/// drawing each character from `SystemRandomNumberGenerator` costs a `getrandom` system call.
struct FastRandom: RandomNumberGenerator {
    private static let state: LockedState<UInt64> = {
        var system = SystemRandomNumberGenerator()
        return LockedState(system.next())
    }()

    mutating func next() -> UInt64 {
        var value = Self.state.withLock { state -> UInt64 in
            state &+= 0x9E37_79B9_7F4A_7C15
            return state
        }
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
