import Testing
@testable import EvalKit

@Suite("BLEU n-gram counting table")
struct NGramTableTests {
    @Test("the packed table gives the dictionary's statistics on 3,000 random segments, one table reused throughout")
    func agreesWithDictionary() {
        var generator = SystemRandomNumberGenerator()
        var table = NGramTable()
        for round in 0..<3000 {
            // Small vocabularies repeat n-grams (clipping matters); large ones exercise the id bits.
            let vocabulary = Int32([3, 10, 200, 32767][round % 4])
            func segment() -> [Int32] { (0..<Int.random(in: 0...60, using: &generator)).map { _ in Int32.random(in: 0...vocabulary, using: &generator) } }
            let hypothesis = segment()
            let references = (0..<(round % 5)).map { _ in segment() }
            let fast = BLEUStatistics(hypothesis: hypothesis, references: references, table: &table)
            let reference = BLEUStatistics(countingWithDictionary: hypothesis, references: references)
            #expect(fast == reference, "round \(round): \(hypothesis) against \(references)")
            if fast != reference { return }
        }
    }

    @Test("a segment with an id past 15 bits falls back to the dictionary and still counts right")
    func fallsBack() {
        var table = NGramTable()
        let hypothesis: [Int32] = [40_000, 1, 40_000, 1]
        let references: [[Int32]] = [[40_000, 1, 2]]
        #expect(table.statistics(hypothesis: hypothesis, references: references) == nil)
        let statistics = BLEUStatistics(hypothesis: hypothesis, references: references, table: &table)
        #expect(statistics.matches == [2, 1, 0, 0])
        #expect(statistics.totals == [4, 3, 2, 1])
    }

    @Test("word ids: equal words get equal ids by code point, across table growth")
    func wordIDs() {
        var words = WordIDs()
        let text = (0..<500).flatMap { Array("w\($0) ".unicodeScalars) } + Array("w7 e\u{301} \u{E9} w7".unicodeScalars)
        let ids = words.ids(of: PythonText.split(text))
        #expect(ids.count == 504)
        #expect(Set(ids.prefix(500)).count == 500)
        #expect(ids[500] == ids[7] && ids[503] == ids[7])
        #expect(ids[501] != ids[502], "a decomposed é is another word")
    }
}
