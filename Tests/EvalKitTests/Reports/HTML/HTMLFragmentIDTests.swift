import Testing
import EvalKit

@Suite("HTML fragment ids")
struct HTMLFragmentIDTests {
    @Test("ids use only letters, digits, hyphen and underscore, whatever the input")
    func idsUseSafeCharacters() {
        let inputs = ["run-12", "<script>alert(1)</script>", "\" onmouseover=\"x", "a b/c#d?e", "é東京👩‍👩‍👧", "\u{0}\u{1B}", ""]
        for input in inputs {
            let id = HTMLFragmentID(input).id
            #expect(!id.isEmpty)
            #expect(id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0)
                || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }, "\(id)")
        }
    }

    @Test("simple ids are kept as they are, and href adds the hash")
    func simpleIdsAreReadable() {
        #expect(HTMLFragmentID("run-12").id == "run-12")
        #expect(HTMLFragmentID("run-12").href == "#run-12")
        #expect(HTMLFragmentID("run 12").id == "run_2012")
        #expect(HTMLFragmentID("a_b").id == "a__b")
    }

    @Test("different strings never share an id")
    func mappingIsOneToOne() {
        let inputs = ["run 12", "run_12", "run-12", "run_2012", "run__12", "_", "__", "", " ", "é", "_C3_A9", "run12"]
        let ids = Set(inputs.map { HTMLFragmentID($0).id })
        #expect(ids.count == inputs.count)
    }
}
