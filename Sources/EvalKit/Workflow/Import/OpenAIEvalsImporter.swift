import Foundation

/// Imports OpenAI Evals registry entries (an eval YAML file with its samples JSONL and model-graded specs) as eval
/// sets. The classes map to scorers: `Match` → `starts_with`, `Includes` → `contains`, `FuzzyMatch` → `contains`
/// either way after SQuAD normalization plus `f1`, `JsonMatch` → `json_equal`, `ModelBasedClassify` → `judge` with
/// the spec's prompt as the rubric. See docs/importing.md.
public struct OpenAIEvalsImporter {
    /// The eval YAML file.
    public let file: URL
    /// The registry root (holding `data/` and `modelgraded/`): by default the parent of the `evals/` folder the file
    /// is in, else the file's folder.
    public let registry: URL
    /// The backend `judge` scorers use.
    public let judgeBackend: String

    public init(file: URL, registry: URL? = nil, judgeBackend: String = "judge") {
        self.file = file
        let folder = file.deletingLastPathComponent()
        self.registry = registry ?? (folder.lastPathComponent == "evals" ? folder.deletingLastPathComponent() : folder)
        self.judgeBackend = judgeBackend
    }

    /// One eval in the file: the name users call it by and its concrete entry.
    public struct Entry {
        public let name: String
        public let id: String
        let mapping: YAMLMapping
        let line: Int
    }

    /// Every eval the file defines, by base name (`test-match` → `test-match.s1.simple-v0`); concrete entries no base
    /// name points at are listed by their own id.
    public func entries() throws(InputProblem) -> [Entry] {
        let shown = ImportSources.shown(file)
        let root = try YAMLFile(url: file, displayPath: shown).rootMapping()
        var entries: [Entry] = []
        var referenced: Set<String> = []
        for key in root.keys {
            guard let base = (try? root.optionalMapping(key)) ?? nil, base.contains("id") else { continue }
            let id = try base.requiredString("id")
            guard let concrete = try root.optionalMapping(id) else {
                throw root.problem(key, "eval '\(key)' points at '\(id)', which this file does not define")
            }
            referenced.insert(id)
            entries.append(Entry(name: key, id: id, mapping: concrete, line: root.line(of: id)))
        }
        for key in root.keys where !referenced.contains(key) {
            guard let concrete = (try? root.optionalMapping(key)) ?? nil, concrete.contains("class") else { continue }
            entries.append(Entry(name: key, id: key, mapping: concrete, line: root.line(of: key)))
        }
        guard !entries.isEmpty else {
            throw InputProblem(file: shown, line: 1, message: "no eval here: an OpenAI Evals registry file maps names to {id: …} and ids to {class: …, args: …}")
        }
        return entries
    }

    /// The eval set for `entry`.
    public func makeEvalSet(_ entry: Entry) throws(InputProblem) -> ImportedEvalSet {
        let shown = ImportSources.shown(file)
        let className = try entry.mapping.requiredString("class")
        let args = try entry.mapping.optionalMapping("args")
        var set = ImportedEvalSet(name: ImportSources.slug(entry.name, fallback: "imported"),
                                  description: "OpenAI Evals \(entry.id) (\(className))")
        guard let args, let samplesPath = try args.optionalString("samples_jsonl") else {
            throw entry.mapping.problem("args", "'\(entry.id)' has no args.samples_jsonl (the samples file)")
        }
        let samplesURL = resolveSamples(samplesPath)
        let samples = try ImportSources.jsonLines(samplesURL, shown: ImportSources.shown(samplesURL))
        guard !samples.isEmpty else {
            throw InputProblem(file: ImportSources.shown(samplesURL), line: nil, message: "no samples in this file")
        }
        let samplesShown = ImportSources.shown(samplesURL)

        // Inputs: all text → a `user` template; any chat → the conversation as each case's `input`.
        var chat = false
        for (sample, line) in samples {
            guard let object = sample.objectValue else {
                throw InputProblem(file: samplesShown, line: line, message: "a sample must be a JSON object with 'input' and 'ideal'")
            }
            guard let input = object["input"] else { throw InputProblem(file: samplesShown, line: line, message: "sample has no 'input'") }
            if input.arrayValue != nil { chat = true } else if input.stringValue == nil {
                throw InputProblem(file: samplesShown, line: line, message: "'input' must be text or a list of chat messages")
            }
        }
        set.prompts = [(id: "default", yaml: chat ? "messages_var: input\n" : YAMLText.field("user", "{{input}}"))]
        for (index, (sample, line)) in samples.enumerated() {
            let object = sample.objectValue!
            var vars: [String: JSONValue] = [:]
            for (key, value) in object where key != "ideal" && key != "input" { vars[key] = value }
            let input = object["input"]!
            if chat {
                let messages = try conversation(input, line: line, shown: samplesShown, report: &set.report)
                vars["input"] = .array(messages.map { .object(["role": .string($0.role.rawValue), "content": .string($0.content)]) })
                vars["input_text"] = .string(messages.map { "\($0.role.rawValue): \($0.content)" }.joined(separator: "\n"))
            } else {
                vars["input"] = input
                vars["input_text"] = input
            }
            let ideal = object["ideal"] ?? .null
            if object["ideal"] == nil && className != "evals.elsuite.modelgraded.classify:ModelBasedClassify" {
                throw InputProblem(file: samplesShown, line: line, message: "sample has no 'ideal' (the expected answer)")
            }
            set.cases.append(.object(["id": .string("sample-\(index + 1)"), "vars": .object(vars), "expected": ideal]))
        }

        switch className {
        case "evals.elsuite.basic.match:Match":
            set.scorers = [[("type", .string("starts_with")), ("name", .string("match"))]]
            set.report.note(shown, entry.line, "Match: passes when the output starts with an ideal answer exactly as written (no trimming or case folding, as in OpenAI Evals)")
        case "evals.elsuite.basic.includes:Includes":
            var scorer: [(key: String, value: JSONValue)] = [("type", .string("contains")), ("name", .string("includes"))]
            if try args.optionalBool("ignore_case") == true { scorer.append(("normalize", .array([.string("casefold")]))) }
            set.scorers = [scorer]
        case "evals.elsuite.basic.fuzzy_match:FuzzyMatch":
            set.scorers = [
                [("type", .string("contains")), ("name", .string("fuzzy_match")), ("either_way", .bool(true)), ("normalize", .array([.string("squad")]))],
                [("type", .string("f1")), ("threshold", .number(0))],
            ]
            set.report.note(shown, entry.line, "FuzzyMatch: accuracy is the 'fuzzy_match' scorer; token F1 is reported by 'f1' (threshold 0: it never fails a case)")
        case "evals.elsuite.basic.json_match:JsonMatch":
            set.scorers = [[("type", .string("json_equal")), ("name", .string("json_match"))]]
        case "evals.elsuite.modelgraded.classify:ModelBasedClassify":
            let judge = try judgeScorer(args: args, entry: entry, set: &set)
            set.scorers = [judge.scorer]
            set.files.append((path: "rubrics/\(judge.spec).md", text: judge.rubric))
        default:
            throw entry.mapping.problem("class", "class '\(className)' has no evalctl equivalent (importable: Match, Includes, FuzzyMatch, JsonMatch, ModelBasedClassify)")
        }
        for key in args.keys where !Self.knownArgs(className).contains(key) {
            set.report.omit(shown, args.line(of: key), "args.\(key) is not imported (evalctl has no equivalent)")
        }
        return set
    }

    static func knownArgs(_ className: String) -> Set<String> {
        switch className {
        case "evals.elsuite.basic.includes:Includes": ["samples_jsonl", "ignore_case"]
        case "evals.elsuite.modelgraded.classify:ModelBasedClassify": ["samples_jsonl", "modelgraded_spec", "modelgraded_spec_args", "eval_type"]
        default: ["samples_jsonl"]
        }
    }

    private func resolveSamples(_ path: String) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path) }
        let asGiven = URL(fileURLWithPath: path)
        if FileManager.default.fileExists(atPath: asGiven.path) { return asGiven }
        return registry.appendingPathComponent("data").appendingPathComponent(path)
    }

    /// A sample's chat input as messages; OpenAI Evals' few-shot convention (system messages named `example_user` and
    /// `example_assistant`) becomes user and assistant turns.
    private func conversation(_ input: JSONValue, line: Int, shown: String, report: inout ImportReport) throws(InputProblem) -> [ChatMessage] {
        if let text = input.stringValue { return [ChatMessage(role: .user, content: text)] }
        var messages: [ChatMessage] = []
        for item in input.arrayValue ?? [] {
            guard let object = item.objectValue, let roleName = object["role"]?.stringValue, let content = object["content"]?.stringValue,
                  var role = ChatMessage.Role(rawValue: roleName) else {
                throw InputProblem(file: shown, line: line, message: "each chat message must be {\"role\": \"system\"|\"user\"|\"assistant\", \"content\": \"…\"}")
            }
            switch object["name"]?.stringValue {
            case "example_user"?: role = .user
            case "example_assistant"?: role = .assistant
            case nil: break
            case let name?: report.note(shown, line, "message name '\(name)' is not sent (evalctl messages have a role and content only)")
            }
            messages.append(ChatMessage(role: role, content: content))
        }
        guard !messages.isEmpty else { throw InputProblem(file: shown, line: line, message: "'input' is an empty conversation") }
        if input.arrayValue?.contains(where: { $0.objectValue?["name"] != nil }) == true {
            report.note(shown, nil, "few-shot messages named example_user/example_assistant are sent as user/assistant turns")
        }
        return messages
    }

    /// A `judge` scorer for a ModelBasedClassify eval: the spec's prompt as the rubric (with `{input}`, `{ideal}`,
    /// `{completion}` and the spec args filled in), its choices mapped to the judge's score by `choice_scores`.
    private func judgeScorer(args: YAMLMapping, entry: Entry, set: inout ImportedEvalSet) throws(InputProblem)
        -> (scorer: [(key: String, value: JSONValue)], rubric: String, spec: String) {
        guard let specName = try args.optionalString("modelgraded_spec") else {
            throw args.problem(nil, "ModelBasedClassify needs args.modelgraded_spec")
        }
        let (spec, specFile) = try modelGradedSpec(specName, near: args)
        guard let prompt = try spec.optionalString("prompt") else {
            throw spec.problem("prompt", "spec '\(specName)': only a text 'prompt' is imported (a chat prompt is not)")
        }
        let choices: [String]
        if let text = try? spec.optionalString("choice_strings") { choices = text.map(String.init) }
        else if let list = spec.json("choice_strings")?.arrayValue?.compactMap(\.stringValue), !list.isEmpty { choices = list }
        else { throw spec.problem("choice_strings", "spec '\(specName)': choice_strings must be text or a list") }
        var scores: [String: Double] = [:]
        if let map = spec.json("choice_scores")?.objectValue {
            for (choice, value) in map { scores[choice] = value.doubleValue }
        } else if specName == "fact" {
            scores = ["A": 1, "B": 1, "C": 1, "D": 0, "E": 1]
            set.report.note(specFile, spec.line, "spec 'fact' has no choice_scores: A, B, C and E pass and D fails (promptfoo's factuality convention)")
        } else {
            throw spec.problem(nil, "spec '\(specName)' has no choice_scores, so which choices pass is not defined")
        }
        guard scores.values.allSatisfy({ $0 == 0 || $0 == 1 }) else {
            throw spec.problem("choice_scores", "spec '\(specName)': only choice_scores of 0 and 1 are imported (the judge's binary scale)")
        }
        var values: [String: String] = ["input": "{{input_text}}", "ideal": "{{expected}}", "completion": "{{output}}"]
        for (key, value) in (args.json("modelgraded_spec_args")?.objectValue ?? [:]) { values[key] = value.plainText }
        var filled: String
        do {
            filled = try Self.pythonFormat(prompt, values: values)
        } catch {
            throw spec.problem("prompt", "spec '\(specName)': \(error.message)")
        }
        let passing = choices.filter { scores[$0] == 1 }
        let failing = choices.filter { scores[$0] != 1 }
        filled += "\n\nGive your final choice as the score: 1 if you chose \(passing.joined(separator: " or ")), "
            + "0 if you chose \(failing.isEmpty ? "anything else" : failing.joined(separator: " or ")). Put your reasoning, briefly, in the reason."
        set.report.note(ImportSources.shown(file), entry.line,
                        "ModelBasedClassify: the judge (backend '\(judgeBackend)') replies with score 1 for \(passing.joined(separator: "/")) and 0 otherwise; add that backend to evalctl.yaml")
        let scorer: [(key: String, value: JSONValue)] = [
            ("type", .string("judge")), ("name", .string(ImportSources.slug(specName, fallback: "judge"))), ("backend", .string(judgeBackend)),
            ("rubric", .string("rubrics/\(ImportSources.slug(specName, fallback: "judge")).md")), ("scale", .string("binary")),
        ]
        return (scorer, filled + "\n", ImportSources.slug(specName, fallback: "judge"))
    }

    /// `template` filled as Python's `str.format(**values)` does (OpenAI Evals fills its specs so): `{name}` is the
    /// value, `{{` and `}}` are literal braces; any other brace, or a name without a value, is an error.
    static func pythonFormat(_ template: String, values: [String: String]) throws(ImportFailure) -> String {
        var out = ""
        var index = template.startIndex
        while index < template.endIndex {
            let character = template[index]
            let next = template.index(after: index)
            if character == "{" || character == "}" {
                if next < template.endIndex, template[next] == character {
                    out.append(character)
                    index = template.index(after: next)
                    continue
                }
                guard character == "{", let close = template[next...].firstIndex(of: "}") else {
                    throw ImportFailure("a single '\(character)' in the prompt (write '\(character)\(character)' for a literal brace)")
                }
                let name = String(template[next..<close])
                guard let value = values[name] else {
                    throw ImportFailure("placeholder {\(name)} has no value (set it in modelgraded_spec_args)")
                }
                out += value
                index = template.index(after: close)
                continue
            }
            out.append(character)
            index = next
        }
        return out
    }

    /// The spec named `name` in `registry/modelgraded/*.yaml`.
    private func modelGradedSpec(_ name: String, near args: YAMLMapping) throws(InputProblem) -> (YAMLMapping, String) {
        let folder = registry.appendingPathComponent("modelgraded")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        for fileName in files {
            let url = folder.appendingPathComponent(fileName)
            let root = try YAMLFile(url: url, displayPath: ImportSources.shown(url)).rootMapping()
            if let spec = try root.optionalMapping(name) { return (spec, ImportSources.shown(url)) }
        }
        throw args.problem("modelgraded_spec", "no model-graded spec '\(name)' in \(ImportSources.shown(folder)) (pass --registry DIR, the folder holding data/ and modelgraded/)")
    }
}
