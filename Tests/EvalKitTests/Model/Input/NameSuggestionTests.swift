import Testing
@testable import EvalKit

@Suite("Name suggestion")
struct NameSuggestionTests {
    static let manifestKeys = ["name", "version", "description", "prompts", "default_prompt", "cases", "scorers", "min_pass_rate"]

    @Test("a dropped, added, changed or swapped letter suggests the known name", arguments: [
        ("min_pas_rate", "min_pass_rate"), ("min_passs_rate", "min_pass_rate"), ("min_past_rate", "min_pass_rate"),
        ("defualt_prompt", "default_prompt"), ("scorer", "scorers"), ("Version", "version"),
    ])
    func closeNames(typed: String, expected: String) {
        #expect(NameSuggestion.closest(to: typed, among: Self.manifestKeys) == expected)
    }

    @Test("a name far from every known one suggests nothing", arguments: ["temperature", "x", "pass_rate_minimum", String(repeating: "a", count: 10_000)])
    func farNames(typed: String) {
        #expect(NameSuggestion.closest(to: typed, among: Self.manifestKeys) == nil)
    }

    @Test("short names allow one edit only, so 'id' does not become 'vars'")
    func shortNamesAllowOneEdit() {
        #expect(NameSuggestion.closest(to: "tag", among: ["id", "vars", "expected", "tags"]) == "tags")
        #expect(NameSuggestion.closest(to: "ids", among: ["id", "vars"]) == "id")
        #expect(NameSuggestion.closest(to: "var", among: ["id", "vars"]) == "vars")
        #expect(NameSuggestion.closest(to: "xy", among: ["id", "vars"]) == nil)
    }

    @Test("the closest of several candidates wins, and ties go to the one listed first")
    func closestWins() {
        #expect(NameSuggestion.closest(to: "threads", among: ["thread", "threads_x", "treads"]) == "thread")
        #expect(NameSuggestion.closest(to: "ab", among: ["abc", "abd"]) == "abc")
    }

    @Test("the message suggests a close name, else lists the known ones")
    func message() {
        #expect(NameSuggestion.unknown("key", "min_pas_rate", known: Self.manifestKeys) == "unknown key 'min_pas_rate' (did you mean 'min_pass_rate'?)")
        #expect(NameSuggestion.unknown("type", "ollama", known: ["openai", "llama-server"], listing: "expected one of")
            == "unknown type 'ollama' (expected one of: openai, llama-server)")
        #expect(NameSuggestion.hint(for: "zzz", among: ["name"]) == "")
    }
}
