import Foundation
import Testing
@testable import EvalKit

/// The JSON Schemas editors use (`schemas/`, `BundledSchema`) kept in step with the loaders: what a loader accepts the
/// schema accepts, what a loader rejects as a typo the schema rejects too, and every key a loader knows is described.
@Suite("Config schemas")
struct ConfigSchemaTests {
    private static let repository = TestFixtures.repositoryRoot

    private func json(_ schema: BundledSchema) throws -> JSONValue {
        try JSONParser.parse(Array(schema.text.utf8))
    }

    private func compiled(_ schema: BundledSchema) throws -> JSONSchema {
        try JSONSchema(json(schema))
    }

    /// A YAML file as the loaders read it, as JSON.
    private func yaml(_ path: String) throws -> JSONValue {
        try YAMLFile(url: URL(fileURLWithPath: path), displayPath: path).rootMapping().json
    }

    private func errors(_ schema: JSONSchema, _ instance: JSONValue) throws -> [String] {
        try schema.validate(instance).errors.map(\.description)
    }

    @Test("each file under schemas/ has exactly its BundledSchema text", arguments: BundledSchema.allCases)
    func repositoryCopyIsBundled(_ schema: BundledSchema) throws {
        let url = Self.repository.appendingPathComponent("schemas").appendingPathComponent(schema.fileName)
        #expect(try String(contentsOf: url, encoding: .utf8) == schema.text)
    }

    @Test("each schema is valid against the 2020-12 metaschema and compiles", arguments: BundledSchema.allCases)
    func validAgainstMetaschema(_ schema: BundledSchema) throws {
        let result = try JSONSchema.standardMetaschema.get().validate(try json(schema))
        #expect(result.isValid, "\(result.errors.map(\.description))")
        #expect(try json(schema)["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
        _ = try compiled(schema)
    }

    // MARK: what the loaders accept, the schemas accept

    /// The repository's evalctl.yaml and every config fixture.
    private static func configFiles() throws -> [String] {
        let fixtures = TestFixtures.root.appendingPathComponent("config")
        let names = try FileManager.default.contentsOfDirectory(atPath: fixtures.path).filter { $0.hasSuffix(".yaml") }.sorted()
        return [repository.appendingPathComponent("evalctl.yaml").path] + names.map { fixtures.appendingPathComponent($0).path }
    }

    /// The bundled eval sets and every eval set fixture.
    private static func evalSetDirectories() throws -> (bundled: [String], fixtures: [String]) {
        func directories(_ url: URL) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: url.path).sorted().map { url.appendingPathComponent($0).path }
                .filter { var isDirectory: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && isDirectory.boolValue }
        }
        return (try directories(repository.appendingPathComponent("evalsets")), try directories(TestFixtures.root.appendingPathComponent("evalsets")))
    }

    @Test("every config the loader accepts conforms to evalctl.schema.json")
    func acceptedConfigsConform() throws {
        let schema = try compiled(.config)
        var accepted: [String] = []
        for path in try Self.configFiles() where (try? EvalConfig.load(path: path, environment: [:])) != nil {
            accepted.append(path)
            #expect(try errors(schema, yaml(path)) == [], "\(path)")
        }
        #expect(accepted.contains(Self.repository.appendingPathComponent("evalctl.yaml").path))
        #expect(accepted.count >= 5, "\(accepted)")
    }

    @Test("every eval set the loader accepts has a manifest and prompts that conform to their schemas")
    func acceptedEvalSetsConform() throws {
        let (manifestSchema, promptSchema) = (try compiled(.evalSet), try compiled(.prompt))
        let (bundled, fixtures) = try Self.evalSetDirectories()
        var accepted: [String] = []
        for directory in bundled + fixtures {
            guard let evalSet = try? EvalSetLoader.standard.load(directory) else { continue }
            accepted.append(directory)
            let manifest = directory + "/" + EvalSetLoader.manifestName
            #expect(try errors(manifestSchema, yaml(manifest)) == [], "\(manifest)")
            for prompt in evalSet.prompts {
                #expect(try errors(promptSchema, yaml(directory + "/" + prompt.path)) == [], "\(directory)/\(prompt.path)")
            }
        }
        #expect(bundled.allSatisfy(accepted.contains), "every bundled eval set loads: \(accepted)")
        #expect(accepted.count > bundled.count, "some fixtures load too: \(accepted)")
    }

    // MARK: what the loaders reject as a typo, the schemas reject

    @Test("the typo fixtures are rejected by the loader and by the schema")
    func typoFixturesAreRejected() throws {
        let config = try compiled(.config)
        for name in ["unknown-top-level-typo.yaml", "backend-option-typo.yaml", "cost-key-typo.yaml", "unknown-type.yaml", "unknown-key.yaml"] {
            let path = TestFixtures.config(name)
            #expect(throws: InvalidInput.self, "\(name)") { try EvalConfig.load(path: path, environment: [:]) }
            #expect(try !errors(config, yaml(path)).isEmpty, "\(name)")
        }
        let cases: [(set: String, file: String, schema: BundledSchema)] = [
            ("manifest-unknown-key", "evalset.yaml", .evalSet), ("scorer-option-typo", "evalset.yaml", .evalSet),
            ("scorer-type-typo", "evalset.yaml", .evalSet), ("bad-scorers", "evalset.yaml", .evalSet),
            ("pass-rate-out-of-range", "evalset.yaml", .evalSet), ("prompt-unknown-field", "prompts/ask.yaml", .prompt),
            ("prompt-example-unknown-field", "prompts/ask.yaml", .prompt),
        ]
        for (set, file, schema) in cases {
            #expect(!EvalSetLoader.standard.lint(TestFixtures.evalSet(set)).isEmpty, "\(set)")
            #expect(try !errors(compiled(schema), yaml(TestFixtures.evalSet(set) + "/" + file)).isEmpty, "\(set)/\(file)")
        }
    }

    @Test("misspelt keys and values off an enum, added to every accepted config, are rejected by the loader and the schema")
    func configMutationsAreRejected() throws {
        let schema = try compiled(.config)
        let schemaJSON = try json(.config)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var checked = 0
        for path in try Self.configFiles() where (try? EvalConfig.load(path: path, environment: [:])) != nil {
            let original = try yaml(path)
            for (what, mutated) in Self.configMutations(original, schema: schemaJSON) {
                // JSON is YAML: the loader reads the mutated file as it reads any other.
                try directory.write("evalctl.yaml", mutated.canonicalJSON)
                #expect(throws: InvalidInput.self, "\(path): \(what)") { try EvalConfig.load(path: directory.path("evalctl.yaml"), environment: [:]) }
                #expect(try !errors(schema, mutated).isEmpty, "\(path): \(what)")
                checked += 1
            }
            try directory.write("evalctl.yaml", original.canonicalJSON)
            #expect((try? EvalConfig.load(path: directory.path("evalctl.yaml"), environment: [:])) != nil, "\(path) unchanged, as JSON")
        }
        #expect(checked > 20)
    }

    private static func configMutations(_ config: JSONValue, schema: JSONValue) -> [(String, JSONValue)] {
        var mutations = misspellings(of: config).map { ("top level: \($0.0)", $0.1) }
        let backends = config["backends"]?.objectValue ?? [:]
        for (name, entry) in backends.sorted(by: { $0.key < $1.key }) {
            func with(_ changed: JSONValue) -> JSONValue { replacing(config, ["backends", name], with: changed) }
            mutations += misspellings(of: entry).map { ("backend \(name): \($0.0)", with($0.1)) }
            mutations.append(("backend \(name): type off the enum", with(replacing(entry, ["type"], with: .string("openia")))))
            for key in enumKeys(schema["$defs"]?["commonKeys"]) {
                mutations.append(("backend \(name): \(key) off the enum", with(replacing(entry, [key], with: .string("zzzz")))))
            }
        }
        return mutations
    }

    @Test("misspelt keys and values off an enum, added to every accepted eval set, are rejected by the loader and the schema")
    func evalSetMutationsAreRejected() throws {
        let (manifestSchema, promptSchema) = (try compiled(.evalSet), try compiled(.prompt))
        let schemaJSON = try json(.evalSet)
        let (bundled, fixtures) = try Self.evalSetDirectories()
        var checked = 0
        for source in bundled + fixtures {
            guard let evalSet = try? EvalSetLoader.standard.load(source) else { continue }
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let copy = directory.path("set")
            try FileManager.default.copyItem(atPath: source, toPath: copy)
            func expectRejected(_ file: String, _ mutated: JSONValue, _ schema: JSONSchema, _ what: String) throws {
                let original = try String(contentsOfFile: copy + "/" + file, encoding: .utf8)
                try mutated.canonicalJSON.write(toFile: copy + "/" + file, atomically: true, encoding: .utf8)
                #expect(!EvalSetLoader.standard.lint(copy).isEmpty, "\(source)/\(file): \(what)")
                #expect(try !errors(schema, mutated).isEmpty, "\(source)/\(file): \(what)")
                try original.write(toFile: copy + "/" + file, atomically: true, encoding: .utf8)
                checked += 1
            }
            let manifest = try yaml(copy + "/" + EvalSetLoader.manifestName)
            for (what, mutated) in Self.manifestMutations(manifest, schema: schemaJSON) {
                try expectRejected(EvalSetLoader.manifestName, mutated, manifestSchema, what)
            }
            for prompt in evalSet.prompts {
                let original = try yaml(copy + "/" + prompt.path)
                var mutations = Self.misspellings(of: original)
                for (index, example) in (original["examples"]?.arrayValue ?? []).enumerated() {
                    mutations += Self.misspellings(of: example).map { ("example \(index + 1): \($0.0)", Self.replacing(original, ["examples", index], with: $0.1)) }
                }
                for (index, message) in (original["messages"]?.arrayValue ?? []).enumerated() {
                    mutations += Self.misspellings(of: message).map { ("message \(index + 1): \($0.0)", Self.replacing(original, ["messages", index], with: $0.1)) }
                    mutations.append(("message \(index + 1): role off the enum", Self.replacing(original, ["messages", index, "role"], with: .string("bot"))))
                }
                for (what, mutated) in mutations { try expectRejected(prompt.path, mutated, promptSchema, what) }
            }
            try manifest.canonicalJSON.write(toFile: copy + "/" + EvalSetLoader.manifestName, atomically: true, encoding: .utf8)
            #expect(EvalSetLoader.standard.lint(copy).isEmpty, "\(source) unchanged, as JSON")
        }
        #expect(checked > 50)
    }

    private static func manifestMutations(_ manifest: JSONValue, schema: JSONValue) -> [(String, JSONValue)] {
        var mutations = misspellings(of: manifest)
        let definitions = scorerDefinitions(schema)
        for (index, scorer) in (manifest["scorers"]?.arrayValue ?? []).enumerated() {
            func with(_ changed: JSONValue) -> JSONValue { replacing(manifest, ["scorers", index], with: changed) }
            let type = scorer["type"]?.stringValue ?? ""
            mutations += misspellings(of: scorer).map { ("scorer \(index + 1): \($0.0)", with($0.1)) }
            mutations.append(("scorer \(index + 1): option 'thresold'", with(replacing(scorer, ["thresold"], with: .number(1)))))
            mutations.append(("scorer \(index + 1): type off the enum", with(replacing(scorer, ["type"], with: .string(type + "zz")))))
            for key in enumKeys(definitions[type]) {
                let isList = definitions[type]?["properties"]?[key]?["$ref"] != nil
                let value: JSONValue = isList ? .array([.string("zzzz")]) : .string("zzzz")
                mutations.append(("scorer \(index + 1): \(key) off the enum", with(replacing(scorer, [key], with: value))))
            }
        }
        return mutations
    }

    // MARK: the keys that came with the importers

    @Test("an eval set using every new scorer type, option and prompt form loads and conforms to the schemas")
    func everyNewKeyConforms() throws {
        let directory = TestFixtures.evalSet("every-new-key")
        let evalSet = try EvalSetLoader.standard.load(directory)
        let manifest = try yaml(directory + "/" + EvalSetLoader.manifestName)
        #expect(try errors(compiled(.evalSet), manifest) == [])
        for prompt in evalSet.prompts {
            #expect(try errors(compiled(.prompt), yaml(directory + "/" + prompt.path)) == [], "\(prompt.path)")
        }
        // The fixture keeps covering what it is for.
        let used = Set(evalSet.scorerSpecs.flatMap { spec in spec.options.keys.map { "\(spec.type).\($0)" } })
        let expected = ["exact.value", "contains.value", "contains.match", "contains.either_way", "starts_with.value", "starts_with.normalize",
                        "f1.threshold", "levenshtein.max_distance", "levenshtein.threshold", "levenshtein.value", "json_equal.extract",
                        "json_equal.expected_var", "starts_with.only_tags", "contains.negate", "regex.negate", "red_line_pii.negate",
                        "chrf.references", "chrf.char_order", "chrf.word_order", "chrf.beta", "chrf.lowercase", "chrf.whitespace",
                        "chrf.eps_smoothing", "chrf.threshold", "ter.references", "ter.normalized", "ter.no_punct", "ter.asian_support",
                        "ter.case_sensitive", "ter.threshold"]
        #expect(Set(expected).subtracting(used).isEmpty, "not used: \(Set(expected).subtracting(used).sorted())")
        #expect(evalSet.scorerSpecs.contains { $0.options["normalize"]?.arrayValue?.contains(.string("squad")) == true })
        #expect(evalSet.prompts.contains { !$0.turns.isEmpty && $0.turns.allSatisfy { $0.label.hasPrefix("messages[") } })
        #expect(evalSet.prompts.contains { $0.conversationVariable != nil })
    }

    @Test("a misspelt or misused new key is rejected by the loader and by the schema", arguments: [
        ("max_distance: 3", "max_distnace: 3", "evalset.yaml"),
        ("either_way: true", "eitherway: true", "evalset.yaml"),
        ("match: all", "match: every", "evalset.yaml"),
        ("normalize: [squad], name: fuzzy", "normalize: [sqaud], name: fuzzy", "evalset.yaml"),
        ("extract: first_object", "extract: first", "evalset.yaml"),
        ("only_tags: json", "only_tag: json", "evalset.yaml"),
        ("expected_var: record", "expected_vars: record", "evalset.yaml"),
        ("negate: true, name: no-disclaimer", "negated: true, name: no-disclaimer", "evalset.yaml"),
        ("value: [Paris, Lyon]", "value: []", "evalset.yaml"),
        ("{type: f1, threshold: 0.4}", "{type: f1, threshold: 0.4, normalize: [squad]}", "evalset.yaml"),
        ("max_distance: 3", "max_distance: 3, threshold: 0.5", "evalset.yaml"),
        ("max_distance: 3", "max_distance: -1", "evalset.yaml"),
        ("value: Paris, name: close-to-paris", "value: Paris, expected_var: record, name: close-to-paris", "evalset.yaml"),
        ("only_tags: capital, negate: false", "only_tags: capital, negate: true", "evalset.yaml"),
        ("word_order: 2, beta", "word_order: 2.5, beta", "evalset.yaml"),
        ("char_order: 4, word_order: 2", "char_order: 0, word_order: 0", "evalset.yaml"),
        ("beta: 1, lowercase", "beta: -1, lowercase", "evalset.yaml"),
        ("eps_smoothing: true", "eps_smoothing: 1", "evalset.yaml"),
        ("case_sensitive: true", "case_sensitve: true", "evalset.yaml"),
        ("threshold: 0.1, name: ter-strict", "threshold: 40, name: ter-strict", "evalset.yaml"),
        ("messages_var: dialogue", "message_var: dialogue", "prompts/conversation.yaml"),
        ("messages_var: dialogue", "messages_var: dialogue\nuser: hi", "prompts/conversation.yaml"),
        (#"content: "{{question}}""#, #"contents: "{{question}}""#, "prompts/chat.yaml"),
        ("role: system", "role: bot", "prompts/chat.yaml"),
        ("messages:", "mesages:", "prompts/chat.yaml"),
    ])
    func newKeyMistakesAreRejected(original: String, mistake: String, file: String) throws {
        let copy = try EvalSetCopy(of: "every-new-key")
        defer { copy.remove() }
        try copy.replace(original, with: mistake, in: file)
        #expect(!EvalSetLoader.standard.lint(copy.path).isEmpty, "the loader accepts \(mistake)")
        let schema: BundledSchema = file == EvalSetLoader.manifestName ? .evalSet : .prompt
        #expect(try !errors(compiled(schema), yaml(copy.path + "/" + file)).isEmpty, "the schema accepts \(mistake)")
    }

    // MARK: every key a loader knows is in the schema

    @Test("the schema's backend types and each type's keys are the ones the config loader knows")
    func backendKeysMatchTheLoader() throws {
        let schema = try json(.config)
        let readers = BackendRegistry.standard.configReaders
        let topLevel = try probeKnownKeys(config: ["backends": .object([:])])
        #expect(Set(topLevel) == Self.keys(schema))
        let definitions = Self.definitions(schema["$defs"]?["backend"], in: schema)
        #expect(Set(definitions.keys) == Set(readers.map(\.type)))
        #expect(Self.enumValues(schema["$defs"]?["backend"]?["properties"]?["type"]) == Set(readers.map(\.type)))
        for reader in readers {
            let known = try probeKnownKeys(config: ["backends": .object(["b": .object(["type": .string(reader.type)])])], backend: "b")
            #expect(Set(known) == Self.keys(definitions[reader.type]), "type \(reader.type)")
            #expect(reader.keys.isSubset(of: Self.keys(definitions[reader.type])), "type \(reader.type)")
        }
        #expect(Self.enumValues(schema["$defs"]?["commonKeys"]?["properties"]?["cache"]) == Set(CacheMode.allCases.map(\.rawValue)))
    }

    @Test("the schema's scorer types and each type's options are the ones the scorers accept")
    func scorerOptionsMatchTheScorers() throws {
        let schema = try json(.evalSet)
        let registry = ScorerRegistry.standard
        let definitions = Self.scorerDefinitions(schema)
        #expect(Set(definitions.keys) == Set(registry.knownTypes))
        #expect(Self.enumValues(schema["$defs"]?["scorer"]?["properties"]?["type"]) == Set(registry.knownTypes))
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for type in registry.knownTypes {
            let spec = ScorerSpec(type: type, options: ["type": .string(type), Self.probe: .number(1)])
            let message: String
            do {
                _ = try registry.makeScorer(spec, context: ScorerContext(evalSetDirectory: directory.url))
                Issue.record("scorer \(type) accepted the option '\(Self.probe)'")
                continue
            } catch {
                message = error.message
            }
            #expect(Set(Self.listedKeys(message)) == Self.keys(definitions[type]), "scorer \(type): \(message)")
        }
        let defs = schema["$defs"]
        #expect(Self.enumValues(defs?["normalize"]?["items"]) == Set(TextNormalization.allCases.map(\.rawValue)))
        #expect(Self.enumValues(defs?["judge"]?["properties"]?["scale"]) == Set(JudgeScale.allCases.map(\.rawValue)))
        #expect(Self.enumValues(defs?["bleu"]?["properties"]?["tokenize"]) == Set(BLEUTokenizer.allCases.map(\.rawValue)))
        #expect(Self.enumValues(defs?["bleu"]?["properties"]?["smooth_method"]) == Set(BLEUSmoothing.methodNames))
        #expect(Self.enumValues(defs?["json_schema"]?["properties"]?["extract"]) == Set(JSONExtraction.allCases.map(\.rawValue)))
        #expect(Self.enumValues(defs?["json_equal"]?["properties"]?["extract"]) == Set(JSONExtraction.allCases.map(\.rawValue)))
        #expect(Self.enumValues(defs?["contains"]?["properties"]?["match"]) == Set(ContainsScorer.Match.allCases.map(\.rawValue)))
        for type in registry.knownTypes {
            #expect(ScorerScope.keys.isSubset(of: Self.keys(definitions[type])), "scorer \(type) lacks a generic key")
        }
        #expect(Self.enumValues(defs?["piiKind"]) == Set(PIIKind.allCases.map(\.rawValue)))
    }

    @Test("the manifest's, prompt files' and flag rules' keys are the ones the eval set loader knows")
    func evalSetKeysMatchTheLoader() throws {
        let manifest = try json(.evalSet), prompt = try json(.prompt)
        #expect(Self.keys(manifest) == Set(EvalSetLoader.manifestKeys))
        #expect(Self.keys(prompt) == Set(EvalSetLoader.promptKeys))
        #expect(Self.keys(manifest["$defs"]?["flagRule"]) == Set(FlagRuleReader.keys))
    }

    // MARK: helpers

    /// A key no loader knows and none is close to, so its problem lists every key that exists.
    private static let probe = "zzzzzzzzzzzz"

    /// The keys a config loader lists when it meets an unknown one at the top level or, with `backend`, in that entry.
    private func probeKnownKeys(config: [String: JSONValue], backend: String? = nil) throws -> [String] {
        var root = JSONValue.object(config)
        root = Self.replacing(root, backend.map { ["backends", $0, Self.probe] } ?? [Self.probe], with: .number(1))
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("evalctl.yaml", root.canonicalJSON)
        do {
            _ = try EvalConfig.load(path: directory.path("evalctl.yaml"), environment: [:], types: BackendRegistry.standard.configReaders)
        } catch {
            if let listed = error.problems.map({ Self.listedKeys($0.message) }).first(where: { !$0.isEmpty }) { return listed }
            Issue.record("no problem lists the known keys: \(error.problems)")
            return []
        }
        Issue.record("the config loaded with the unknown key '\(Self.probe)'")
        return []
    }

    /// `… (expected: a, b, c)` → [a, b, c].
    private static func listedKeys(_ message: String) -> [String] {
        guard let start = message.range(of: "(expected: ", options: .backwards), message.hasSuffix(")") else { return [] }
        return message[start.upperBound..<message.index(before: message.endIndex)].components(separatedBy: ", ")
    }

    /// The `properties` of a schema object.
    private static func keys(_ schema: JSONValue?) -> Set<String> {
        Set((schema?["properties"]?.objectValue ?? [:]).keys)
    }

    private static func enumValues(_ schema: JSONValue?) -> Set<String> {
        Set(schema?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    /// The properties of `schema` whose values come from an enum, directly or as a list (through a `$ref`).
    private static func enumKeys(_ schema: JSONValue?) -> [String] {
        (schema?["properties"]?.objectValue ?? [:]).keys.sorted().filter { key in
            let property = schema?["properties"]?[key]
            return property?["enum"] != nil || property?["$ref"]?.stringValue == "#/$defs/normalize"
        }
    }

    /// Each `type` of an if/then list (`if: {properties: {type: {const: T}}}, then: {$ref: …}`) with the definition it selects.
    private static func definitions(_ schema: JSONValue?, in root: JSONValue) -> [String: JSONValue] {
        var found: [String: JSONValue] = [:]
        for branch in schema?["allOf"]?.arrayValue ?? [] {
            guard let type = branch["if"]?["properties"]?["type"]?["const"]?.stringValue,
                  let reference = branch["then"]?["$ref"]?.stringValue, reference.hasPrefix("#/$defs/") else { continue }
            found[type] = root["$defs"]?[String(reference.dropFirst("#/$defs/".count))]
        }
        return found
    }

    private static func scorerDefinitions(_ schema: JSONValue) -> [String: JSONValue] {
        definitions(schema["$defs"]?["scorer"], in: schema)
    }

    /// For each key of an object, the object with a misspelling of that key added (last two letters swapped).
    private static func misspellings(of value: JSONValue) -> [(String, JSONValue)] {
        guard let object = value.objectValue else { return [] }
        return object.keys.sorted().compactMap { key in
            let misspelt = key.count < 2 ? key + "x" : String(key.dropLast(2)) + String(key.suffix(2).reversed())
            guard object[misspelt] == nil else { return nil }
            return ("key '\(misspelt)'", replacing(value, [misspelt], with: object[key]!))
        }
    }

    /// `value` with the member at `path` (object keys and array indexes) set to `new`.
    private static func replacing(_ value: JSONValue, _ path: [any Sendable], with new: JSONValue) -> JSONValue {
        guard let first = path.first else { return new }
        let rest = Array(path.dropFirst())
        switch (value, first) {
        case (.object(var members), let key as String):
            members[key] = replacing(members[key] ?? .object([:]), rest, with: new)
            return .object(members)
        case (.array(var items), let index as Int) where items.indices.contains(index):
            items[index] = replacing(items[index], rest, with: new)
            return .array(items)
        default:
            return value
        }
    }
}
