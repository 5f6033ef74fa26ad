import Foundation
import Testing
@testable import EvalKit

@Suite("JSON parser")
struct JSONParserTests {
    @Test("valid documents parse to the values they denote")
    func validDocuments() throws {
        #expect(try JSONParser.parse(Array(#"{"a": [1, -2.5e3, true, false, null], "b": {"c": "d"}}"#.utf8))
            == .object(["a": .array([.number(1), .number(-2500), .bool(true), .bool(false), .null]), "b": .object(["c": .string("d")])]))
        #expect(try JSONParser.parse(Array(#""esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83e\uddea""#.utf8))
            == .string("esc \" \\ / \u{8} \u{C} \n \r \t é 🧪"))
        #expect(try JSONParser.parse(Array(" \n 0 \t".utf8)) == .number(0))
        #expect(try JSONParser.parse(Array("[]".utf8)) == .array([]))
        #expect(try JSONParser.parse(Array("{}".utf8)) == .object([:]))
        #expect(try JSONParser.parse(Array(#""naïve 東京""#.utf8)) == .string("naïve 東京"))
    }

    @Test("what JSON forbids is rejected, with the column of the problem")
    func invalidDocuments() {
        let cases: [(String, Int)] = [
            (#"{"id": "a",}"#, 12),        // trailing comma in an object (Foundation accepts it)
            ("[1, 2,]", 7),                // trailing comma in an array
            ("{\"id\": x}", 8),
            ("[01]", 3),                   // leading zero
            ("{\"a\" 1}", 6),
            ("\"tab\there\"", 5),          // raw control character in a string
            (#""bad \x escape""#, 6),
            ("[1, 2", 6),
            ("{\"a\": 1} extra", 10),
            ("// comment\n{}", 1),
            ("NaN", 1),
            ("1.", 3),
            ("", 1),
        ]
        for (text, column) in cases {
            do {
                _ = try JSONParser.parse(Array(text.utf8))
                Issue.record("accepted invalid JSON: \(text)")
            } catch {
                #expect(error.column == column, "\(text): \(error)")
            }
        }
    }

    @Test("nesting deeper than the limit is a 'too deeply nested' error, not a stack overflow, whatever the shape")
    func deepNesting() async throws {
        let limit = JSONParser.maximumDepth
        let shapes = [("[", "]"), ("{\"a\":", "}"), ("[{\"a\":", "}]")]
        // On a cooperative thread, as scoring runs: its stack is what a deep document would overflow.
        try await Task.detached {
            for (open, close) in shapes {
                for text in [String(repeating: open, count: 100_000) + "1" + String(repeating: close, count: 100_000),
                             String(repeating: open, count: 100_000)] {
                    let failure = #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(text.utf8)) }
                    #expect(failure?.isTooDeep == true)
                    #expect(failure?.message == "too deeply nested (limit 512)")
                }
            }
            let atLimit = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
            let value = try JSONParser.parse(Array(atLimit.utf8))
            // Everything that walks a value copes with the deepest one the parser lets through.
            #expect(value.canonicalJSON == atLimit)
            #expect(value == (try JSONParser.parse(Array(atLimit.utf8))))
            #expect(String(describing: value).hasPrefix("array([EvalKit.JSONValue.array("))
            let overLimit = "[" + atLimit + "]"
            let failure = #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(overLimit.utf8)) }
            #expect(failure?.column == limit + 1)
        }.value
    }

    @Test("every generated value survives canonical JSON and back, agreeing with JSONSerialization")
    func roundTripsGeneratedValues() throws {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<500 {
            let value = Self.randomValue(depth: 0, using: &generator)
            let text = value.canonicalJSON
            #expect(try JSONParser.parse(Array(text.utf8)) == value, "\(text)")
            #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil, "\(text)")
        }
    }

    static func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
        let pick = Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &generator)
        switch pick {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .number(Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / [1, 4, 1000][Int.random(in: 0..<3, using: &generator)])
        case 3:
            let alphabet = Array("aZ09 \"\\/\n\t\u{1}\u{1F}é東🧪\u{202E}")
            return .string(String((0..<Int.random(in: 0..<12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        case 4: return .array((0..<Int.random(in: 0..<5, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            var members: [String: JSONValue] = [:]
            for index in 0..<Int.random(in: 0..<5, using: &generator) { members["k\(index)\u{e9}"] = randomValue(depth: depth + 1, using: &generator) }
            return .object(members)
        }
    }
}

/// A small deterministic generator (SplitMix64) so generated tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
