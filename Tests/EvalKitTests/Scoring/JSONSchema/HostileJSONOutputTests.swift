import Foundation
import Testing
@testable import EvalKit

/// Model output built to make JSON extraction and validation slow, deep or endless: every reader must stay linear,
/// fail too-deep documents (never validate something inside them), and stop when its task is cancelled.
@Suite("JSONSchema scorer on hostile output")
struct HostileJSONOutputTests {
    struct Shape: Sendable, CustomTestStringConvertible {
        let label: String
        /// Repeated to the wanted size.
        let unit: String
        /// What `first_object` says about it.
        let firstObjectReason: String
        /// Written once, before the repeated units.
        var prefix = ""
        var testDescription: String { label }

        func text(bytes: Int) -> String {
            prefix + String(repeating: unit, count: bytes / unit.utf8.count)
        }
    }

    static let tooDeep = "too deeply nested (limit \(JSONParser.maximumDepth))"
    static let noJSON = "the output contains no JSON object or array"

    static let shapes: [Shape] = [
        Shape(label: "{{{{", unit: "{", firstObjectReason: tooDeep),
        Shape(label: "[[[[", unit: "[", firstObjectReason: tooDeep),
        Shape(label: #"{"a":{"a":"#, unit: #"{"a":"#, firstObjectReason: tooDeep),
        Shape(label: "[1,[1,", unit: "[1,", firstObjectReason: tooDeep),
        Shape(label: "balanced pairs that are not JSON {]{]", unit: "{]", firstObjectReason: noJSON),
        Shape(label: "closing brackets only }]}]", unit: "}]", firstObjectReason: noJSON),
        Shape(label: #"brackets and quotes {"{"{""#, unit: #"{""#, firstObjectReason: tooDeep),
        Shape(label: #"quotes and brackets "{"{"#, unit: #""{"#, firstObjectReason: tooDeep),
        Shape(label: "an unclosed bracket, then pairs that are not JSON {[x][x]", unit: "[x]", firstObjectReason: noJSON, prefix: "{"),
        Shape(label: "prose in brackets [see] [see]", unit: "[see] ", firstObjectReason: noJSON),
    ]

    private static func scorer(_ extract: String, in directory: TemporaryDirectory) throws -> JSONSchemaScorer {
        try JSONSchemaScorer(spec: scorerSpec(["type": .string("json_schema"), "schema": .string("schemas/person.json"),
                                               "extract": .string(extract)]), evalSetDirectory: directory.url)
    }

    /// The fastest of a few runs, in seconds, at least a millisecond (so tiny timings do not make noisy ratios).
    private static func fastest(_ body: () async throws -> Void) async rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            let start = ContinuousClock.now
            try await body()
            let elapsed = ContinuousClock.now - start
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        return max(best, 0.001)
    }

    @Test("every extraction mode and the judge reply reader take linear time on 200 KB of brackets", arguments: shapes)
    func linearTime(shape: Shape) async throws {
        let directory = try JSONSchemaFixtureFiles.evalSetDirectory()
        defer { directory.remove() }
        let firstObject = try Self.scorer("first_object", in: directory)
        let strict = try Self.scorer("strict", in: directory)
        let fenced = try Self.scorer("fenced", in: directory)
        let readers: [(String, (String) async throws -> Void)] = [
            ("first_object", { (text: String) async throws in
                let score = try await firstObject.score(text, expected: .null)
                #expect(score.value == 0)
                #expect(score.reason.contains(shape.firstObjectReason), "\(score.reason.prefix(200))")
            }),
            ("strict", { (text: String) async throws in #expect(try await strict.score(text, expected: .null).value == 0) }),
            ("fenced", { (text: String) async throws in #expect(try await fenced.score("```json\n" + text + "\n```", expected: .null).value == 0) }),
            ("judge reply", { (text: String) async throws in #expect(throws: JudgeReplyParser.Failure.self) { try JudgeReplyParser.parse(text, scale: .oneToFive) } }),
        ]
        let small = shape.text(bytes: 20_000), large = shape.text(bytes: 200_000)
        for (name, read) in readers {
            let smallTime = try await Self.fastest { try await read(small) }
            let largeTime = try await Self.fastest { try await read(large) }
            // Linear work grows about 10× from 20 KB to 200 KB; the quadratic scan grew about 100×.
            #expect(largeTime / smallTime < 30, "\(name): 20 KB \(smallTime) s, 200 KB \(largeTime) s")
        }
    }

    @Test("a document nested deeper than the limit fails with that reason; nothing inside it is validated")
    func tooDeepDocumentFails() async throws {
        let directory = try JSONSchemaFixtureFiles.evalSetDirectory()
        defer { directory.remove() }
        let person = #"{"name": "Ada", "age": 36}"#
        let depth = 100_000
        let balanced = String(repeating: "[", count: depth) + person + String(repeating: "]", count: depth)
        let unclosed = String(repeating: "[", count: depth) + person
        for extract in ["first_object", "strict", "fenced"] {
            let scorer = try Self.scorer(extract, in: directory)
            for output in [balanced, unclosed] {
                let text = extract == "fenced" ? "```json\n\(output)\n```" : output
                let score = try await scorer.score(text, expected: .null)
                #expect(score.value == 0, "\(extract)")
                #expect(score.reason.contains(Self.tooDeep), "\(extract): \(score.reason.prefix(200))")
            }
        }
        let justOver = String(repeating: "[", count: JSONParser.maximumDepth) + person + String(repeating: "]", count: JSONParser.maximumDepth)
        let firstObject = try Self.scorer("first_object", in: directory)
        #expect(try await firstObject.score(justOver, expected: .null).reason.contains(Self.tooDeep))
        let within = try await firstObject.score("[[" + person + "]]", expected: .null)
        #expect(within.reason.contains("must be object, got array"), "the outermost document is the answer: \(within.reason)")
    }

    @Test("first_object skips a candidate that is not JSON as a whole, and looks past a bracket that never closes")
    func candidates() async throws {
        let directory = try JSONSchemaFixtureFiles.evalSetDirectory()
        defer { directory.remove() }
        let scorer = try Self.scorer("first_object", in: directory)
        let person = #"{"name": "Ada", "age": 36}"#
        #expect(try await scorer.score("{broken " + person + " }", expected: .null).reason == Self.noJSON)
        #expect(try await scorer.score("{broken} then " + person, expected: .null).value == 1)
        #expect(try await scorer.score("Press [ or { to start. " + person, expected: .null).value == 1)
        #expect(try await scorer.score(#"He said "hi". "# + person, expected: .null).value == 1)
    }

    @Test("a cancelled scoring task stops promptly with CancellationError instead of scoring")
    func cancellation() async throws {
        let directory = try JSONSchemaFixtureFiles.evalSetDirectory()
        defer { directory.remove() }
        try directory.write("schemas/people.json", #"{"type": "array", "items": {"$ref": "person.json"}}"#)
        let people = try JSONSchemaScorer(spec: scorerSpec(["type": .string("json_schema"), "schema": .string("schemas/people.json")]),
                                          evalSetDirectory: directory.url)
        let output = "[" + Array(repeating: #"{"name": "Ada", "age": 36}"#, count: 100_000).joined(separator: ",") + "]"
        let input = ScoringInput(evalCase: EvalCase(id: "c", vars: [:], expected: .null), output: output)

        let start = ContinuousClock.now
        #expect(try await people.score(input).value == 1)
        let whole = ContinuousClock.now - start

        let task = Task { try await people.score(input) }
        try await Task.sleep(for: whole / 10)
        let cancelledAt = ContinuousClock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        let afterCancel = ContinuousClock.now - cancelledAt
        #expect(afterCancel < whole / 2, "scoring took \(whole) whole, \(afterCancel) after the cancel")

        for extract in ["first_object", "strict", "fenced"] {
            let scorer = try Self.scorer(extract, in: directory)
            let cancelled = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await scorer.score(ScoringInput(evalCase: input.evalCase, output: String(repeating: "{]", count: 100_000)))
            }
            await #expect(throws: CancellationError.self, "\(extract)") { try await cancelled.value }
        }
    }
}
