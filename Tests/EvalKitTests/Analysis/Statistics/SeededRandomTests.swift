import Testing
@testable import EvalKit

@Suite("SeededRandom: reproducible xoshiro256** streams")
struct SeededRandomTests {
    @Test("xoshiro256** reproduces the reference implementation's outputs from state {1, 2, 3, 4}")
    func matchesReferenceVector() {
        var random = SeededRandom(state: (1, 2, 3, 4))
        let expected: [UInt64] = [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360,
                                  607_988_272_756_665_600, 16_172_922_978_634_559_625, 8_476_171_486_693_032_832,
                                  10_595_114_339_597_558_777, 2_904_607_092_377_533_576]
        #expect(expected.map { _ in random.next() } == expected)
    }

    @Test("SplitMix64 reproduces the published outputs for seed 0")
    func splitMixMatchesReferenceVector() {
        var state: UInt64 = 0
        let outputs = (0..<4).map { _ in SeededRandom.splitMix64(&state) }
        #expect(outputs == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC])
    }

    @Test("a seed expands through SplitMix64 into the xoshiro state")
    func seedExpandsThroughSplitMix() {
        var state: UInt64 = 42
        let words = (SeededRandom.splitMix64(&state), SeededRandom.splitMix64(&state), SeededRandom.splitMix64(&state),
                     SeededRandom.splitMix64(&state))
        var fromSeed = SeededRandom(seed: 42)
        var fromState = SeededRandom(state: words)
        #expect((0..<16).map { _ in fromSeed.next() } == (0..<16).map { _ in fromState.next() })
    }

    @Test("FNV-1a 64 matches the published test vectors")
    func fnvMatchesReferenceVectors() {
        #expect(SeededRandom.fnv1a64("") == 0xCBF2_9CE4_8422_2325)
        #expect(SeededRandom.fnv1a64("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(SeededRandom.fnv1a64("foobar") == 0x8594_4171_F739_67E8)
    }

    @Test("the same seed gives the same stream; another seed another stream")
    func sameSeedSameStream() {
        var first = SeededRandom(seed: 7)
        var second = SeededRandom(seed: 7)
        var other = SeededRandom(seed: 8)
        let a = (0..<100).map { _ in first.next() }
        let b = (0..<100).map { _ in second.next() }
        let c = (0..<100).map { _ in other.next() }
        #expect(a == b)
        #expect(a != c)
    }

    @Test("labelled seeds are stable for a label and differ between labels and bases")
    func labelledSeeds() {
        #expect(SeededRandom.seed(1, label: "exact-match") == SeededRandom.seed(1, label: "exact-match"))
        #expect(SeededRandom.seed(1, label: "exact-match") != SeededRandom.seed(1, label: "exact_match"))
        #expect(SeededRandom.seed(1, label: "exact-match") != SeededRandom.seed(2, label: "exact-match"))
        #expect(SeededRandom.seed(1, label: "") != 1)
        var first = SeededRandom(seed: SeededRandom.seed(99, label: "bleu"))
        var second = SeededRandom(seed: SeededRandom.seed(99, label: "judge"))
        #expect((0..<20).map { _ in first.next() } != (0..<20).map { _ in second.next() })
    }

    @Test("bounded draws stay in range and are close to uniform")
    func boundedDrawsAreUniform() {
        var random = SeededRandom(seed: 2024)
        var counts = [Int](repeating: 0, count: 6)
        var outOfRange = 0
        for _ in 0..<60_000 {
            let index = random.index(below: 6)
            if (0..<6).contains(index) { counts[index] += 1 } else { outOfRange += 1 }
        }
        #expect(outOfRange == 0)
        // Each count is Binomial(60000, 1/6): sd ≈ 91, so ±500 is more than five sd.
        for count in counts { #expect(abs(count - 10_000) < 500, "counts \(counts)") }
        #expect(random.index(below: 1) == 0)
        let huge = Int.max
        #expect((0..<100).allSatisfy { _ in (0..<huge).contains(random.index(below: huge)) })
    }

    @Test("unit-interval draws lie in [0, 1) with mean near ½")
    func unitInterval() {
        var random = SeededRandom(seed: 5)
        let values = (0..<20_000).map { _ in random.unitInterval() }
        #expect(values.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = values.reduce(0, +) / Double(values.count)
        #expect(abs(mean - 0.5) < 0.01)
    }
}
