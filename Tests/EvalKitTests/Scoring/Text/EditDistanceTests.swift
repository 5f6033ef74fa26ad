import Testing
@testable import EvalKit

@Suite("Edit distance")
struct EditDistanceTests {
    private func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

    /// The textbook dynamic programme over the whole table, with nothing skipped: what the banded version must equal.
    private func fullTable(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var previous = Array(0...b.count)
        for i in 1..<(a.count + 1) {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1..<(b.count + 1) {
                current[j] = min(previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), previous[j] + 1, current[j - 1] + 1)
            }
            previous = current
        }
        return previous[b.count]
    }

    private func randomText(_ random: inout SeededRandom, length: Int, alphabet: [Unicode.Scalar]) -> [Unicode.Scalar] {
        (0..<length).map { _ in alphabet[random.index(below: alphabet.count)] }
    }

    @Test("known distances: substitutions, insertions and deletions each cost 1")
    func knownDistances() {
        #expect(EditDistance.distance(scalars("kitten"), scalars("sitting")) == 3)
        #expect(EditDistance.distance(scalars("flaw"), scalars("lawn")) == 2)
        #expect(EditDistance.distance(scalars(""), scalars("abc")) == 3)
        #expect(EditDistance.distance(scalars("abc"), scalars("")) == 3)
        #expect(EditDistance.distance(scalars("same"), scalars("same")) == 0)
        #expect(EditDistance.distance(scalars("ab"), scalars("ba")) == 2, "a transposition is two edits, not one")
    }

    @Test("distance is over Unicode scalars: precomposed é against e and a combining accent is two edits")
    func scalarsNotCharacters() {
        #expect(EditDistance.distance(scalars("caf\u{E9}"), scalars("cafe\u{301}")) == 2)
        #expect(EditDistance.distance(scalars("👩‍👩‍👧"), scalars("👩‍👩‍👦")) == 1)
    }

    @Test("unbounded and banded distances agree with the full table on 600 random pairs, at every bound 0…12")
    func bandedAgreesWithFullTable() {
        var random = SeededRandom(seed: 20_260_601)
        let alphabets: [[Unicode.Scalar]] = [["a", "b"], ["a", "b", "c", "d"], ["x", "é", "e", "\u{301}", "ß", "😀"]]
        var checked = 0, beyondSomeBound = 0
        for index in 0..<600 {
            let alphabet = alphabets[index % alphabets.count]
            let a = randomText(&random, length: random.index(below: 40), alphabet: alphabet)
            var b = randomText(&random, length: random.index(below: 40), alphabet: alphabet)
            // Every third pair is a near copy, so small bounds are met as well as exceeded.
            if index % 3 == 0 {
                b = a
                for _ in 0..<random.index(below: 5) where !b.isEmpty {
                    b[random.index(below: b.count)] = alphabet[random.index(below: alphabet.count)]
                }
                if random.index(below: 2) == 0 { b.insert(alphabet[0], at: random.index(below: b.count + 1)) }
            }
            let expected = fullTable(a, b)
            #expect(EditDistance.distance(a, b) == expected, "\(a) / \(b)")
            #expect(EditDistance.distance(b, a) == expected, "symmetric: \(a) / \(b)")
            for bound in 0...12 {
                let banded = EditDistance.distance(a, b, bound: bound)
                #expect(banded == (expected <= bound ? expected : nil), "\(a) / \(b), bound \(bound): \(String(describing: banded)), full \(expected)")
                if expected > bound { beyondSomeBound += 1 }
            }
            checked += 1
        }
        #expect(checked == 600)
        #expect(beyondSomeBound > 1_000, "the bounds must be exceeded often enough to test the refusals")
    }

    @Test("an unbounded pair over the cell limit is refused, but a common prefix and suffix do not count")
    func unboundedRefusal() {
        var random = SeededRandom(seed: 7)
        let length = 15_000   // 225 million cells
        let a: [Unicode.Scalar] = ["<"] + randomText(&random, length: length, alphabet: ["a", "b", "c"]) + [">"]
        let b: [Unicode.Scalar] = ["("] + randomText(&random, length: length, alphabet: ["a", "b", "c"]) + [")"]
        #expect((a.count - 2) * (b.count - 2) > EditDistance.maximumCells)
        #expect(EditDistance.distance(a, b) == nil)
        // As long, but with a shared head and tail: one cell of real work.
        var near = a
        near[length / 2] = near[length / 2] == "a" ? "b" : "a"
        #expect(EditDistance.distance(a, near) == 1)
    }

    @Test("a bounded distance over 200,000 scalars costs the length times the bound, not the square")
    func boundedIsLinear() {
        var random = SeededRandom(seed: 11)
        let a = randomText(&random, length: 200_000, alphabet: ["a", "b", "c", "d"])
        var b = a
        b[10] = b[10] == "a" ? "b" : "a"
        b.remove(at: 100_000)
        b.insert("z", at: 190_000)
        // Unbounded this is about 3.6·10¹⁰ cells, refused; bounded by 5 it is about 2 million.
        #expect(EditDistance.distance(a, b) == nil)
        #expect(EditDistance.distance(a, b, bound: 5) == 3)
        #expect(EditDistance.distance(a, b, bound: 2) == nil)
    }

    @Test("a length difference above the bound is refused at once")
    func lengthDifference() {
        #expect(EditDistance.distance(scalars("abcdef"), scalars("a"), bound: 4) == nil)
        #expect(EditDistance.distance(scalars("abcdef"), scalars("a"), bound: 5) == 5)
        #expect(EditDistance.distance(scalars(""), scalars(""), bound: 0) == 0)
    }
}
