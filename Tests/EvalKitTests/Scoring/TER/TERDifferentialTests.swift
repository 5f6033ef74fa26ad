import Testing
@testable import EvalKit

/// evalctl's TER against sacreBLEU itself on generated corpora: every combination of the four options, tokenized
/// lines, and long repetitive segments where the shift search reaches its caps. Scores must be the same `Double`,
/// bit for bit. Needs the reference venv with sacrebleu (`make references`, which `make test` runs); without it
/// these tests fail rather than skip.
@Suite("TER equals sacreBLEU on generated corpora")
struct TERDifferentialTests {
    struct Comparison: Sendable, CustomTestStringConvertible {
        let label: String
        let corpus: EditMetricTestCorpus
        let variableReferences: Bool
        let configurations: [TER]
        var testDescription: String { label }
    }

    /// Every combination of normalized, no_punct, asian_support and case_sensitive.
    static let everyOption: [TER] = (0..<16).map { flags in
        TER(normalized: flags & 1 != 0, noPunct: flags & 2 != 0, asianSupport: flags & 4 != 0, caseSensitive: flags & 8 != 0)
    }

    /// The options change only the words; several references are tested with a few combinations, to keep the time.
    static let someOptions = [
        TER(), TER(normalized: true), TER(noPunct: true, caseSensitive: true), TER(normalized: true, noPunct: true, asianSupport: true),
        TER(normalized: true, asianSupport: true, caseSensitive: true), TER(normalized: true, noPunct: true, asianSupport: true, caseSensitive: true),
    ]

    static let comparisons = [
        Comparison(label: "200 segments of up to 25 words, 1 reference, every option",
                   corpus: EditMetricTestCorpus(segments: 200, referenceCount: 1, shape: .mixed(maxWords: 25), seed: 21),
                   variableReferences: false, configurations: everyOption),
        Comparison(label: "150 segments of up to 15 words, 3 references, 6 option combinations",
                   corpus: EditMetricTestCorpus(segments: 150, referenceCount: 3, shape: .mixed(maxWords: 15), seed: 22),
                   variableReferences: false, configurations: someOptions),
        Comparison(label: "150 segments, 1–3 references each (nrefs:var), 6 option combinations",
                   corpus: EditMetricTestCorpus(segments: 150, referenceCount: 3, shape: .mixed(maxWords: 20), seed: 23, variableReferences: true),
                   variableReferences: true, configurations: someOptions),
        // Its words are lowercase without punctuation, which no option changes: the defaults are enough.
        Comparison(label: "24 long repetitive segments (20–120 words), 1 reference: shift caps and wide beams",
                   corpus: longCorpus, variableReferences: false, configurations: [TER()]),
    ]

    static let longCorpus = EditMetricTestCorpus(segments: 24, referenceCount: 1, shape: .repetitive(minWords: 20, maxWords: 120), seed: 24)

    static func sacreBLEUOptions(_ ter: TER) -> [String: JSONValue] {
        let tokenizer = ter.tokenizer
        return ["metric": .string("ter"), "normalized": .bool(tokenizer.normalized), "no_punct": .bool(tokenizer.noPunct),
                "asian_support": .bool(tokenizer.asianSupport), "case_sensitive": .bool(tokenizer.caseSensitive)]
    }

    @Test("corpus and sentence TER, and every tokenized line, are sacreBLEU's", arguments: comparisons)
    func scoresMatchSacreBLEU(_ comparison: Comparison) async throws {
        let corpus = comparison.corpus
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reference = try await SacreBLEUMetricReference.compute(
            hypotheses: corpus.hypotheses, references: corpus.references,
            configs: comparison.configurations.map(Self.sacreBLEUOptions), sentence: true, tokenized: true, in: directory)
        #expect(reference.sacrebleuVersion == SacreBLEU.version)
        try #require(reference.configs.count == comparison.configurations.count)
        let referencesBySegment = corpus.referencesBySegment
        let referenceCount = comparison.variableReferences ? nil : corpus.references.count
        let lines = corpus.hypotheses + corpus.references.flatMap { $0.compactMap { $0 } }

        var mismatches: [String] = []
        for (ter, expected) in zip(comparison.configurations, reference.configs) {
            let label = ter.signature(referenceCount: referenceCount)
            let tokenized = try #require(expected.tokenized)
            #expect(tokenized.count == lines.count)
            for (line, sacreBLEUText) in zip(lines, tokenized) where ter.tokenizer.words(line).joined(separator: " ") != sacreBLEUText {
                mismatches.append("\(label) tokenized \(line.debugDescription): \(ter.tokenizer.words(line).joined(separator: " ").debugDescription) ≠ \(sacreBLEUText.debugDescription)")
            }
            let corpusScore = ter.corpusScore(hypotheses: corpus.hypotheses, referencesBySegment: referencesBySegment)
            if corpusScore.score.bitPattern != expected.corpusScore.bitPattern || corpusScore.edits != expected.numEdits
                || corpusScore.referenceLength.bitPattern != expected.referenceLength?.bitPattern {
                mismatches.append("\(label) corpus: \(corpusScore.score.exactDescription), \(corpusScore.edits) edits, reference length "
                    + "\(corpusScore.referenceLength) ≠ sacreBLEU's \(expected.corpusScore.exactDescription), \(expected.numEdits ?? -1) edits, "
                    + "\(expected.referenceLength ?? -1)")
            }
            if corpusScore.description != expected.text { mismatches.append("\(label) corpus text: \(corpusScore) ≠ sacreBLEU's \(expected.text)") }
            if SacreBLEUMetricReference.withoutVersion(label) != SacreBLEUMetricReference.withoutVersion(expected.signature) {
                mismatches.append("signature \(label) ≠ sacreBLEU's \(expected.signature)")
            }
            let sentences = expected.sentenceScores
            #expect(sentences.count == corpus.hypotheses.count)
            for (segment, expectedScore) in zip(corpus.hypotheses.indices, sentences) {
                let score = ter.sentenceScore(hypothesis: corpus.hypotheses[segment], references: referencesBySegment[segment])
                if score.score.bitPattern != expectedScore.bitPattern {
                    mismatches.append("\(label) segment \(segment + 1) \(corpus.hypotheses[segment].debugDescription): "
                        + "\(score.score.exactDescription) ≠ sacreBLEU's \(expectedScore.exactDescription)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differences from sacreBLEU, first ones:\n\(mismatches.prefix(15).joined(separator: "\n"))")
    }

    @Test("the long corpus reaches what it is there for: the 1,000-candidate cap and a beam widened for lengths apart")
    func longCorpusReachesTheCaps() {
        let corpus = Self.longCorpus
        let ter = TER()
        var cappedSegments = 0, widelyApart = 0
        for (hypothesis, references) in zip(corpus.hypotheses, corpus.referencesBySegment) {
            let words = ter.words(hypothesis: hypothesis, references: references)
            guard let reference = words.references.first, !reference.isEmpty else { continue }
            if Double(reference.count) / Double(max(1, words.hypothesis.count)) > 50 { widelyApart += 1 }
            var distance = BeamEditDistance(reference: reference, hypothesisLength: words.hypothesis.count)
            var scratch = BeamEditDistance.Scratch()
            var current = words.hypothesis, checked = 0
            while let round = TranslationEditRate.bestShift(current, reference: reference, distance: &distance, scratch: &scratch, checked: &checked),
                  checked < TranslationEditRate.maxShiftCandidates, round.gain > 0 {
                current = round.words
            }
            if checked >= TranslationEditRate.maxShiftCandidates { cappedSegments += 1 }
        }
        #expect(cappedSegments >= 6, "segments reaching the candidate cap: \(cappedSegments)")
        #expect(widelyApart >= 3, "segments whose reference is over 50 times longer than the hypothesis: \(widelyApart)")
    }
}
