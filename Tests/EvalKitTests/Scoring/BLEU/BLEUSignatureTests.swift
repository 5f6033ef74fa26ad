import Testing
@testable import EvalKit

/// Expected strings are sacreBLEU 2.6.0's `BLEU(...).get_signature().format()`.
@Suite("BLEU signature")
struct BLEUSignatureTests {
    @Test("the default corpus signature, and eff:yes for sentence scores")
    func defaults() {
        #expect(BLEU().signature(referenceCount: 1, effectiveOrder: false) == "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0")
        #expect(BLEU().signature(referenceCount: 1, effectiveOrder: true) == "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0")
    }

    @Test("smoothing values show with two decimals, defaults included; lowercase shows as lc")
    func options() {
        #expect(BLEU(smoothing: .floor(0.1)).signature(referenceCount: 2, effectiveOrder: false)
                    == "nrefs:2|case:mixed|eff:no|tok:13a|smooth:floor[0.10]|version:2.6.0")
        #expect(BLEU(tokenizer: .intl, smoothing: .addK(1), lowercase: true).signature(referenceCount: 1, effectiveOrder: true)
                    == "nrefs:1|case:lc|eff:yes|tok:intl|smooth:add-k[1.00]|version:2.6.0")
        #expect(BLEU(tokenizer: .char, smoothing: .none).signature(referenceCount: 3, effectiveOrder: false)
                    == "nrefs:3|case:mixed|eff:no|tok:char|smooth:none|version:2.6.0")
    }

    @Test("a varying number of references per segment is nrefs:var")
    func variableReferences() {
        #expect(BLEU.referenceCount([["a", "b"], ["c"]]) == nil)
        #expect(BLEU.referenceCount([["a", "b"], ["c", "d"]]) == 2)
        #expect(BLEU(tokenizer: .none).signature(referenceCount: nil, effectiveOrder: false)
                    == "nrefs:var|case:mixed|eff:no|tok:none|smooth:exp|version:2.6.0")
    }

    @Test("smoothing is named and defaulted as sacreBLEU's --smooth-method and --smooth-value")
    func smoothingNames() {
        #expect(BLEUSmoothing(method: "floor") == .floor(0.1))
        #expect(BLEUSmoothing(method: "add-k") == .addK(1))
        #expect(BLEUSmoothing(method: "add-k", value: 0.5) == .addK(0.5))
        #expect(BLEUSmoothing(method: "exp", value: 3) == .exp)
        #expect(BLEUSmoothing(method: "laplace") == nil)
    }
}
