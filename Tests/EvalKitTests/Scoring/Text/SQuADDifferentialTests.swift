import Foundation
import Testing
@testable import EvalKit

/// The `squad` normalization, `f1` and `contains` with `either_way` against OpenAI Evals' own `normalize`,
/// `f1_score` and `fuzzy_match`, run by the reference venv's Python: normalized text compared code point for code
/// point, F1 bit for bit, on generated pairs full of Unicode edge cases and on every code point Python's Unicode
/// database knows.
@Suite("SQuAD normalization and token F1: differential against OpenAI Evals")
struct SQuADDifferentialTests {
    /// `normalize`, `fuzzy_match` and `f1_score` are copied verbatim from OpenAI Evals, `evals/elsuite/utils.py`
    /// (https://github.com/openai/evals, commit 00921e2d0c884bb5fda4394ec44b06a04c1c3dfe), MIT License,
    /// Copyright (c) 2023 OpenAI. The driver below them is evalctl's.
    static let pythonScript = #"""
        import json
        import re
        import string
        import sys
        import unicodedata
        from collections import Counter


        def normalize(s: str) -> str:
            """Lower text and remove punctuation, articles and extra whitespace."""
            s = s.lower()
            exclude = set(string.punctuation)
            s = "".join(char for char in s if char not in exclude)
            s = re.sub(r"\b(a|an|the)\b", " ", s)
            s = " ".join(s.split())
            return s


        def fuzzy_match(s1: str, s2: str) -> bool:
            s1 = normalize(s1)
            s2 = normalize(s2)

            if s1 == "" or s2 == "":
                return s1 == s2

            return s1 in s2 or s2 in s1


        def f1_score(prediction: str, answers: list[str]) -> float:
            def _f1_score(prediction: str, ground_truth: str):
                prediction_tokens = normalize(prediction).split()
                ground_truth_tokens = normalize(ground_truth).split()
                common = Counter(prediction_tokens) & Counter(ground_truth_tokens)
                num_same = sum(common.values())
                if num_same == 0:
                    return 0
                precision = 1.0 * num_same / len(prediction_tokens)
                recall = 1.0 * num_same / len(ground_truth_tokens)
                f1 = (2 * precision * recall) / (precision + recall)
                return f1

            return max([_f1_score(prediction, answer) for answer in answers])


        if sys.argv[1] == "--unicode-version":
            print(unicodedata.unidata_version)
            sys.exit(0)
        with open(sys.argv[1], encoding="utf-8", newline="\n") as requests:
            for line in requests:
                prediction, answers = json.loads(line)
                print(json.dumps([
                    normalize(prediction),
                    [normalize(answer) for answer in answers],
                    float(f1_score(prediction, answers)).hex(),
                    [fuzzy_match(prediction, answer) for answer in answers],
                ]))
        """#

    /// Code points whose properties changed after Unicode 14.0 (Python 3.11's database) in a way that matters here:
    /// U+0295 stopped being Cased and U+1171E stopped being Case_Ignorable, which decides `Σ` → `ς` next to them.
    static let changedSinceUnicode14: Set<UInt32> = [0x0295, 0x1171E]

    struct Request {
        let prediction: String
        let answers: [String]
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    @Test("normalize, f1_score and fuzzy_match agree with OpenAI Evals' Python on generated pairs and every code point")
    func matchesOpenAIEvals() async throws {
        let version = try await Self.python(["--unicode-version"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let unicodeVersion = try Self.version(version)
        var random = SeededRandom(seed: 2_023)
        let generated = Self.edgeCases() + (0..<600).map { _ in Self.randomRequest(&random) }
        let exhaustive = Self.everyCodePoint(upTo: unicodeVersion, random: &random)
        let requests = generated + exhaustive.requests

        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("requests.jsonl", requests.map {
            JSONValue.array([.string($0.prediction), .array($0.answers.map(JSONValue.string))]).canonicalJSON + "\n"
        }.joined())
        let lines = try await Self.python([directory.path("requests.jsonl")]).split(separator: "\n")
        try #require(lines.count == requests.count, "Python answered \(lines.count) of \(requests.count) requests")

        var mismatches: [String] = []
        var partialF1 = 0, fuzzyMatches = 0, fuzzyMisses = 0
        for (request, line) in zip(requests, lines) {
            let reference = try JSONParser.parse(Array(line.utf8))
            guard let items = reference.arrayValue, items.count == 4, let normalized = items[0].stringValue,
                  let normalizedAnswers = items[1].arrayValue?.compactMap(\.stringValue), let f1Text = items[2].stringValue,
                  let referenceF1 = Double(f1Text), let fuzzy = items[3].arrayValue?.compactMap(\.boolValue) else {
                throw Failure(description: "unexpected line from Python: \(line)")
            }
            func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }
            if scalars(TextNormalization.squad(request.prediction)) != scalars(normalized) {
                mismatches.append("normalize(\(Self.describe(request.prediction))): Python \(Self.describe(normalized)), evalctl \(Self.describe(TextNormalization.squad(request.prediction)))")
            }
            for (answer, pythonAnswer) in zip(request.answers, normalizedAnswers) where scalars(TextNormalization.squad(answer)) != scalars(pythonAnswer) {
                mismatches.append("normalize(\(Self.describe(answer))): Python \(Self.describe(pythonAnswer)), evalctl \(Self.describe(TextNormalization.squad(answer)))")
            }
            let expected: JSONValue = request.answers.count == 1 ? .string(request.answers[0]) : .array(request.answers.map(JSONValue.string))
            let f1 = try await TokenF1Scorer().score(request.prediction, expected: expected).value
            if f1.bitPattern != referenceF1.bitPattern {
                mismatches.append("f1_score(\(Self.describe(request.prediction)), [\(request.answers.map(Self.describe).joined(separator: ", "))]): Python \(f1Text), evalctl \(f1)")
            }
            if f1 > 0 && f1 < 1 { partialF1 += 1 }
            let fuzzyMatch = ContainsScorer(eitherWay: true, normalization: [.squad])
            for (answer, pythonMatch) in zip(request.answers, fuzzy) {
                let matched = try await fuzzyMatch.score(request.prediction, expected: .string(answer)).passed
                if matched != pythonMatch {
                    mismatches.append("fuzzy_match(\(Self.describe(request.prediction)), \(Self.describe(answer))): Python \(pythonMatch), evalctl \(matched)")
                }
                if pythonMatch { fuzzyMatches += 1 } else { fuzzyMisses += 1 }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differences, e.g.:\n\(mismatches.prefix(12).joined(separator: "\n"))")
        #expect(generated.count >= 600 && exhaustive.codePoints >= 280_000, "\(generated.count) generated pairs, \(exhaustive.codePoints) code points")
        #expect(partialF1 >= 200 && fuzzyMatches >= 200 && fuzzyMisses >= 200,
                "the pairs must exercise every outcome: \(partialF1) partial F1, \(fuzzyMatches) fuzzy matches, \(fuzzyMisses) misses")
    }

    // MARK: the requests

    /// Pairs chosen by hand: each is a way a Swift-string implementation would go wrong.
    static func edgeCases() -> [Request] {
        let pairs: [(String, [String])] = [
            ("", [""]), ("the", ["a"]), ("a an the", [""]), ("The answer", ["answer"]), ("an", ["and"]),
            ("ΣΑΣ", ["σας"]), ("ΟΔΟΣ.", ["οδος"]), ("Α.Σ", ["ας"]), ("ΑΣ\u{301} ΑΣ\u{345}", ["ας"]), ("Σ", ["σ"]), ("aΣ b", ["aς"]),
            ("İstanbul", ["i̇stanbul", "istanbul"]), ("ẞ", ["ß", "ss"]), ("ǅ", ["ǆ"]),
            ("caf\u{E9}", ["cafe\u{301}"]), ("cafe\u{301}", ["CAFE\u{301}"]), ("x \u{301}y", ["x"]), ("the\u{301}", ["\u{301}"]),
            ("«the»", ["« »"]), ("x«the»y", ["x« »y"]), ("_the_", ["the"]), ("the_end", ["end"]), ("a\u{200D}b", ["a b"]),
            ("1,000", ["1000"]), ("-7", ["7"]), ("3.14", ["314"]), ("don't", ["dont"]), ("U.S.A.", ["usa"]),
            ("a\u{85}b\u{1C}c\u{2028}d\u{3000}e", ["a b c d e"]), ("a\u{200B}b\u{FEFF}c\u{180E}d", ["a b c d"]),
            ("Ⅻ", ["ⅻ"]), ("Ꭰ", ["ꭰ"]), ("Ა", ["ა"]), ("𐐀", ["𐐨"]), ("٣ ³ ½", ["٣", "³"]), ("東京の", ["東京"]),
            ("👩‍👩‍👧‍👦", ["👩"]), ("🇫🇷 France", ["france"]), ("e\u{301}", ["e"]), ("e", ["e\u{301}"]),
            ("red red red", ["red"]), ("New York City", ["Boston", "New York", "York"]),
        ]
        return pairs.map { Request(prediction: $0.0, answers: $0.1) }
    }

    static let words = [
        "the", "The", "THE", "a", "A", "an", "An", "AN", "then", "anthem", "theatre", "apple", "Paris", "paris", "new", "york",
        "x", "42", "3.14", "1,000", "-7", "_the_", "the_", "a_b", "o'clock", "U.S.A.", "e.g.", "don't",
        "ΣΑΣ", "Σ", "ΟΔΟΣ", "ΟΔΟΣ.", "Α.Σ", "ΑΣ\u{301}", "ΑΣ\u{345}", "σας", "ς", "ΌΣΟΣ", "Σ'", "İ", "İstanbul", "I", "ı", "ẞ", "ß",
        "ǅ", "ǈ", "ǲ", "ﬁ", "ŉ", "ΐ", "Ⅻ", "ⅻ", "Ⓐ", "🄰", "𐐀", "𐐨", "Ꭰ", "ꭰ", "Ა", "ა", "ᲀ",
        "e\u{301}", "\u{E9}", "\u{301}", "the\u{301}", "a\u{308}", "\u{308}a", "\u{20DD}", "\u{200D}", "\u{FE0F}", "👩‍👩‍👧‍👦", "🇫🇷", "❤️",
        "٣", "³", "½", "௰", "〇", "一", "十", "𝟙", "①", "東京", "の", "カタカナ", "한국어", "ภาษาไทย", "العربية", "עברית", "देवनागरी", "ـ",
        "«", "»", "¿", "¡", "—", "…", "・", "。", "、", "‘", "’", "“", "”", "§", "•", "€", "°", "×",
        "\u{0}", "\u{7}", "\u{1B}", "\u{7F}", "\u{9F}",
    ] + Array(##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##).map(String.init)

    static let spaces = [
        " ", " ", " ", "  ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{1C}", "\u{1F}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2003}",
        "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{200B}", "\u{FEFF}", "\u{180E}",
    ]

    static func randomRequest(_ random: inout SeededRandom) -> Request {
        func text(_ fragments: [String]) -> String {
            fragments.map { $0 + (random.index(below: 2) == 0 ? spaces[random.index(below: spaces.count)] : "") }.joined()
        }
        let fragments = (0..<random.index(below: 12)).map { _ in words[random.index(below: words.count)] }
        let answers = (0..<(1 + random.index(below: 3))).map { _ -> String in
            // Most answers reuse the prediction's words, so that tokens are shared (F1 between 0 and 1) and one text
            // often contains the other (a fuzzy match).
            switch fragments.isEmpty ? 0 : random.index(below: 3) {
            case 1:
                return text(fragments.filter { _ in random.index(below: 3) > 0 }.shuffled(using: &random))
            case 2:
                let start = random.index(below: fragments.count)
                return text(Array(fragments[start..<(start + 1 + random.index(below: fragments.count - start))]))
            default:
                return text((0..<random.index(below: 8)).map { _ in words[random.index(below: words.count)] })
            }
        }
        return Request(prediction: text(fragments), answers: answers)
    }

    /// Every code point of Unicode `version` or older (what Python's `unicodedata` knows), 48 to a request, with
    /// spaces, articles, punctuation and capital sigmas between them; the answer is the same code points with
    /// other separators, so many of its tokens are shared.
    static func everyCodePoint(upTo version: (Int, Int), random: inout SeededRandom) -> (requests: [Request], codePoints: Int) {
        let separators = ["", "", "", " ", " the ", "a ", "Σ", "Σ ", ".", "_", "\u{301}", "\u{3000}"]
        var scalars: [Unicode.Scalar] = []
        for value in UInt32(0)...0x10FFFF where !changedSinceUnicode14.contains(value) {
            guard let scalar = Unicode.Scalar(value), let age = scalar.properties.age,
                  (age.major, age.minor) <= version else { continue }
            scalars.append(scalar)
        }
        var requests: [Request] = []
        for start in stride(from: 0, to: scalars.count, by: 48) {
            let chunk = scalars[start..<min(start + 48, scalars.count)]
            func text() -> String {
                var result = ""
                for scalar in chunk {
                    result.unicodeScalars.append(scalar)
                    result += separators[random.index(below: separators.count)]
                }
                return result
            }
            requests.append(Request(prediction: text(), answers: [text()]))
        }
        return (requests, scalars.count)
    }

    // MARK: helpers

    static func version(_ text: String) throws -> (Int, Int) {
        let parts = text.split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2 else { throw Failure(description: "Python reported Unicode version '\(text)'") }
        return (parts[0], parts[1])
    }

    /// A text with every code point outside printable ASCII as U+XXXX, so a difference can be seen.
    static func describe(_ text: String) -> String {
        let shown = text.unicodeScalars.map { scalar in
            (0x20...0x7E).contains(scalar.value) ? String(scalar) : "U+\(String(scalar.value, radix: 16, uppercase: true))"
        }
        return "\"" + String(shown.joined().prefix(300)) + "\""
    }

    /// Runs the script with `arguments` under the reference venv's Python and returns its standard output.
    static func python(_ arguments: [String]) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ReferencePython.path)
        process.arguments = ["-c", pythonScript] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot start \(ReferencePython.path) (\(error)): \(ReferencePython.installHint)")
        }
        let result = await EvalctlProcess.collect(process, out, err)
        guard result.status == 0 else {
            throw Failure(description: "the reference python failed (status \(result.status)): \(result.stderr) — \(ReferencePython.installHint)")
        }
        return result.stdout
    }
}
