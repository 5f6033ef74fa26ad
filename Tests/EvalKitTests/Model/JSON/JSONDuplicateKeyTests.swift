import Testing
@testable import EvalKit

@Suite("JSON duplicate keys")
struct JSONDuplicateKeyTests {
    private func first(_ json: String) -> (key: String, column: Int)? {
        JSONDuplicateKey.first(in: Array(json.utf8))
    }

    @Test("a repeated key is found at the column of its second occurrence")
    func repeatedKey() {
        let found = first(#"{"id": "a", "expected": 1, "expected": 2}"#)
        #expect(found?.key == "expected")
        #expect(found?.column == 28)
    }

    @Test("keys are compared decoded, so an escaped spelling is the same key")
    func escapedKey() {
        #expect(first(#"{"tags": [], "t\u0061gs": []}"#)?.key == "tags")
    }

    @Test("a repeated key in a nested object is found")
    func nested() {
        #expect(first(#"{"vars": {"q": 1, "x": [{"a": 1}, {"a": 2, "a": 3}]}}"#)?.key == "a")
    }

    @Test("equal keys in different objects, and keys that appear as values, are not duplicates")
    func notDuplicates() {
        #expect(first(#"{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}], "c": "a", "d": ["d", "d"]}"#) == nil)
        #expect(first(#"{"a\"": 1, "a": 2, "q": "}\"{"}"#) == nil)
        #expect(first(#"[1, "x", {"k": null}]"#) == nil)
    }
}
