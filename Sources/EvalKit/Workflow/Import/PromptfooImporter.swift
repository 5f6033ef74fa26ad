import Foundation

/// Imports a promptfoo config (`promptfooconfig.yaml`: prompts, tests inline or from CSV/YAML/JSON/JSONL files,
/// `defaultTest`, assertions) as one eval set. Per-test assertions become scorers: assertions of the same kind and
/// options at the same place in their tests share one scorer, whose per-test value travels in a case variable
/// (`expected_var`) and which scores only the tests that have it (`only_tags`). What evalctl cannot express — code
/// assertions, Nunjucks logic, test-level thresholds — is listed in the report with its file and line.
public struct PromptfooImporter {
    public let config: URL
    public let judgeBackend: String

    public init(config: URL, judgeBackend: String = "judge") {
        self.config = config
        self.judgeBackend = judgeBackend
    }

    var directory: URL { config.deletingLastPathComponent() }
    var shown: String { ImportSources.shown(config) }

    /// One test after `defaultTest` is merged in.
    struct Test {
        var description: String?
        var vars: [String: JSONValue] = [:]
        var assertions: [PromptfooAssertion] = []
        var metadata: [String: JSONValue] = [:]
        var threshold: Double?
        var file: String
        var line: Int?
        var tags: [String] = []
    }

    /// A scorer entry one assertion asks for, and the per-test value it needs.
    struct Check {
        var name: String
        var entries: [(key: String, value: JSONValue)]
        enum Value { case none, expected(JSONValue), rubric(String) }
        var value: Value
        /// Whether a value shared by every test can be written as the scorer's `value` option.
        var takesValueOption: Bool

        var signature: String {
            let kind: String
            switch value {
            case .none: kind = "none"
            case .expected: kind = "expected"
            case .rubric: kind = "rubric"
            }
            return name + "|" + kind + "|" + JSONValue.array(entries.map { .array([.string($0.key), $0.value]) }).canonicalJSON
        }
    }

    static let noteOnlyKeys: Set<String> = ["description", "providers", "targets", "outputPath", "sharing", "env", "evaluateOptions",
                                            "commandLineOptions", "writeLatestResults", "tags", "metadata", "$schema"]

    public func makeEvalSet(name: String? = nil) throws(InputProblem) -> ImportedEvalSet {
        let root = try YAMLFile(url: config, displayPath: shown).rootMapping()
        let description = try? root.optionalString("description")
        let setName = name ?? ImportSources.slug(description ?? directory.lastPathComponent, fallback: "imported")
        var set = ImportedEvalSet(name: setName, description: (description.map { $0 + " — " } ?? "") + "imported from promptfoo config \(shown)")
        for key in root.keys where !["prompts", "tests", "defaultTest", "assertionTemplates"].contains(key) {
            if Self.noteOnlyKeys.contains(key) {
                if key == "providers" || key == "targets" {
                    set.report.note(shown, root.line(of: key), "'\(key)' is not imported: backends live in evalctl.yaml (see docs/backends.md)")
                }
            } else {
                set.report.omit(shown, root.line(of: key), "top-level '\(key)' is not imported (evalctl has no equivalent)")
            }
        }
        // Prompts.
        guard let promptsItem = root.item("prompts") else { throw root.problem(nil, "no 'prompts' in this promptfoo config") }
        var prompts: [(id: String, yaml: String, text: String)] = []
        for item in promptsItem.sequence ?? [promptsItem] {
            prompts += loadPrompt(item, report: &set.report, index: prompts.count)
        }
        if prompts.isEmpty {
            // Nothing to write even with --allow-partial; the report says why each prompt was left out.
            set.report.omit(shown, promptsItem.line, "no prompt could be imported, so there is no eval set to write")
            return set
        }
        var usedIDs: Set<String> = []
        set.prompts = prompts.map { prompt in
            var id = prompt.id
            var suffix = 2
            while usedIDs.contains(id) { id = "\(prompt.id)-\(suffix)"; suffix += 1 }
            usedIDs.insert(id)
            return (id, prompt.yaml)
        }
        // Tests.
        let templates = (try? root.optionalMapping("assertionTemplates")).flatMap { $0 }?.json.objectValue ?? [:]
        var defaultTest = Test(file: shown, line: root.line(of: "defaultTest"))
        if let item = root.item("defaultTest") {
            if let mapping = item.mapping {
                defaultTest = readTest(mapping.json.objectValue ?? [:], file: shown, line: item.line, item: mapping, templates: templates, report: &set.report)
            } else {
                set.report.omit(shown, item.line, "defaultTest from a file is not imported")
            }
        }
        var tests: [Test] = []
        if let item = root.item("tests") {
            for entry in item.sequence ?? [item] {
                if let path = entry.string {
                    tests += loadTests(path, line: entry.line, templates: templates, report: &set.report)
                } else if let mapping = entry.mapping {
                    tests.append(readTest(mapping.json.objectValue ?? [:], file: shown, line: entry.line, item: mapping, templates: templates, report: &set.report))
                }
            }
        }
        if tests.isEmpty { tests = [Test(file: shown, line: nil)] }
        tests = tests.map { merge($0, defaultTest) }
        for test in tests {
            if let threshold = test.threshold {
                set.report.omit(test.file, test.line, "test threshold \(YAMLText.number(threshold)): promptfoo then passes a test by its weighted score, evalctl passes a case when every scorer passes")
            }
        }
        // Vars the prompts use that a test lacks render empty in promptfoo.
        let promptVariables = Set(prompts.flatMap { TemplateCompatibility.variables(in: $0.text) })
        for index in tests.indices {
            for variable in promptVariables.sorted() where tests[index].vars[variable] == nil {
                tests[index].vars[variable] = .string("")
                set.report.note(tests[index].file, tests[index].line, "'\(variable)' is not set: it renders empty, as in promptfoo")
            }
        }
        buildScorersAndCases(tests, prompts: prompts.map(\.text), into: &set)
        return set
    }

    // MARK: Prompts

    private func loadPrompt(_ item: YAMLItem, report: inout ImportReport, index: Int) -> [(id: String, yaml: String, text: String)] {
        var label: String?
        var reference: String?
        var raw: String?
        if let text = item.string {
            if text.hasPrefix("file://") { reference = String(text.dropFirst(7)) } else { raw = text }
        } else if let mapping = item.mapping {
            label = try? mapping.optionalString("label")
            if let id = try? mapping.optionalString("id"), id.hasPrefix("file://") { reference = String(id.dropFirst(7)) }
            raw = try? mapping.optionalString("raw")
            for key in mapping.keys where !["id", "label", "raw"].contains(key) {
                report.omit(shown, mapping.line(of: key), "prompt '\(key)' is not imported")
            }
        }
        let baseID = label.map { ImportSources.slug($0, fallback: "prompt") } ?? "prompt-\(index + 1)"
        if let raw {
            return textPrompt(raw, id: baseID, file: shown, line: item.line, report: &report).map { [$0] } ?? []
        }
        guard let reference else {
            report.omit(shown, item.line, "a prompt that is neither text nor file:// is not imported")
            return []
        }
        let url = reference.hasPrefix("/") ? URL(fileURLWithPath: reference) : directory.appendingPathComponent(reference)
        let fileShown = ImportSources.shown(url)
        if reference.contains("*") || reference.contains(":") && !reference.hasSuffix(".txt") {
            report.omit(shown, item.line, "prompt \(reference): globs and functions are not imported")
            return []
        }
        let text: String
        do {
            text = try InputText.read(url, displayPath: fileShown, what: "prompt file")
        } catch {
            report.omit(shown, item.line, error.message)
            return []
        }
        switch url.pathExtension.lowercased() {
        case "txt", "md", "":
            var prompts: [(String, String, String)] = []
            var offset = 0
            for (partIndex, part) in text.components(separatedBy: "---").enumerated() {
                let line = 1 + text.prefix(offset).filter { $0 == "\n" }.count + part.prefix { $0.isWhitespace }.filter { $0 == "\n" }.count
                offset += part.count + 3
                let trimmed = part.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.isEmpty { continue }
                let id = label.map { ImportSources.slug($0, fallback: "prompt") } ?? ImportSources.slug(url.deletingPathExtension().lastPathComponent, fallback: "prompt")
                if let prompt = textPrompt(trimmed, id: partIndex == 0 && prompts.isEmpty ? id : "\(id)-\(prompts.count + 1)", file: fileShown, line: line, report: &report) {
                    prompts.append(prompt)
                }
            }
            return prompts
        case "json", "yaml", "yml":
            return chatPrompt(text, isJSON: url.pathExtension.lowercased() == "json", url: url, id: label.map { ImportSources.slug($0, fallback: "prompt") } ?? ImportSources.slug(url.deletingPathExtension().lastPathComponent, fallback: "prompt"), report: &report).map { [$0] } ?? []
        default:
            report.omit(fileShown, nil, "prompt files of type .\(url.pathExtension) are not imported (text, JSON and YAML chats are)")
            return []
        }
    }

    private func textPrompt(_ text: String, id: String, file: String, line: Int?, report: inout ImportReport) -> (id: String, yaml: String, text: String)? {
        if let problem = TemplateCompatibility.firstProblem(in: text) {
            report.omit(file, (line ?? 1) + problem.line - 1, "prompt '\(id)': \(problem.construct) cannot be expressed in a Mustache template; the prompt is not imported")
            return nil
        }
        return (id, YAMLText.field("user", text), text)
    }

    private func chatPrompt(_ text: String, isJSON: Bool, url: URL, id: String, report: inout ImportReport) -> (id: String, yaml: String, text: String)? {
        let fileShown = ImportSources.shown(url)
        if let problem = TemplateCompatibility.firstProblem(in: text) {
            report.omit(fileShown, problem.line, "prompt '\(id)': \(problem.construct) cannot be expressed in a Mustache template; the prompt is not imported")
            return nil
        }
        let value: JSONValue
        if isJSON {
            guard let parsed = try? JSONParser.parse(Array(text.utf8)) else {
                report.omit(fileShown, nil, "prompt '\(id)': not a JSON list of chat messages")
                return nil
            }
            value = parsed
        } else {
            guard let parsed = (try? YAMLFile(url: url, displayPath: fileShown))?.rootItem?.json else {
                report.omit(fileShown, nil, "prompt '\(id)': not a YAML list of chat messages")
                return nil
            }
            value = parsed
        }
        guard let items = value.arrayValue, !items.isEmpty else {
            report.omit(fileShown, nil, "prompt '\(id)': expected a list of {role, content} messages")
            return nil
        }
        var yaml = "messages:\n"
        var texts: [String] = []
        for item in items {
            guard let role = item.objectValue?["role"]?.stringValue, ["system", "user", "assistant"].contains(role),
                  let content = item.objectValue?["content"]?.stringValue else {
                report.omit(fileShown, nil, "prompt '\(id)': each message needs a role (system, user or assistant) and text content")
                return nil
            }
            yaml += "  - role: \(role)\n    " + YAMLText.field("content", content)
            texts.append(content)
        }
        return (id, yaml, texts.joined(separator: "\n"))
    }

    // MARK: Tests

    private func loadTests(_ reference: String, line: Int, templates: [String: JSONValue], report: inout ImportReport) -> [Test] {
        let path = reference.hasPrefix("file://") ? String(reference.dropFirst(7)) : reference
        if path.contains("*") || path.contains("://") {
            report.omit(shown, line, "tests from \(reference) are not imported (globs and remote sources are not read)")
            return []
        }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
        let fileShown = ImportSources.shown(url)
        do {
            switch url.pathExtension.lowercased() {
            case "csv":
                let text = try InputText.read(url, displayPath: fileShown, what: "tests file")
                let table: CSVTable
                do { table = try CSVTable(text) } catch { throw InputProblem(file: fileShown, line: error.line, message: "CSV: \(error.message)") }
                return table.rows.enumerated().map { index, row in csvTest(row.fields, header: table.header, file: fileShown, line: row.line, row: index + 1, report: &report) }
            case "jsonl":
                return try ImportSources.jsonLines(url, shown: fileShown).map { value, line in
                    readTest(value.objectValue ?? [:], file: fileShown, line: line, item: nil, templates: templates, report: &report)
                }
            case "json":
                let value = try JSONParser.parse(Array(try InputText.read(url, displayPath: fileShown).utf8))
                return (value.arrayValue ?? [value]).map { readTest($0.objectValue ?? [:], file: fileShown, line: nil, item: nil, templates: templates, report: &report) }
            case "yaml", "yml":
                guard let root = try YAMLFile(url: url, displayPath: fileShown).rootItem else { return [] }
                return (root.sequence ?? [root]).map { item in
                    readTest(item.json.objectValue ?? [:], file: fileShown, line: item.line, item: item.mapping, templates: templates, report: &report)
                }
            default:
                report.omit(shown, line, "tests from .\(url.pathExtension) files are not imported (CSV, JSON, JSONL and YAML are)")
                return []
            }
        } catch let problem as InputProblem {
            report.omit(problem.file, problem.line, problem.message)
        } catch {
            report.omit(fileShown, nil, "\(error)")
        }
        return []
    }

    private func csvTest(_ fields: [String], header: [String], file: String, line: Int, row: Int, report: inout ImportReport) -> Test {
        var test = Test(file: file, line: line)
        for (column, cell) in zip(header, fields) {
            let value = cell
            if column.hasPrefix("__expected") {
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { test.assertions.append(PromptfooAssertion.fromCell(trimmed, file: file, line: line)) }
            } else if column == "__description" {
                test.description = value
            } else if column == "__threshold" {
                if let number = Double(value.trimmingCharacters(in: .whitespaces)), number != 0 { test.threshold = number }
            } else if column.hasPrefix("__metadata:") {
                let key = String(column.dropFirst("__metadata:".count))
                if value.isEmpty { continue }
                if key.hasSuffix("[]") {
                    test.metadata[String(key.dropLast(2))] = .array(Self.splitEscapedCommas(value).map(JSONValue.string))
                } else {
                    test.metadata[key] = .string(value)
                }
            } else if column.hasPrefix("__") {
                if !value.isEmpty { report.omit(file, line, "CSV column '\(column)' is not imported") }
            } else {
                test.vars[column] = .string(value)
            }
        }
        return test
    }

    /// `a,b\,c` → `["a", "b,c"]`, as promptfoo splits `__metadata:KEY[]` cells.
    static func splitEscapedCommas(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var previous: Character?
        for character in text {
            if character == ",", previous != "\\" {
                parts.append(current)
                current = ""
            } else if character == ",", previous == "\\" {
                current.removeLast()
                current.append(",")
            } else {
                current.append(character)
            }
            previous = character
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func readTest(_ object: [String: JSONValue], file: String, line: Int?, item: YAMLMapping?, templates: [String: JSONValue], report: inout ImportReport) -> Test {
        var test = Test(file: file, line: line)
        test.description = object["description"]?.stringValue
        test.threshold = object["threshold"]?.doubleValue
        test.metadata = object["metadata"]?.objectValue ?? [:]
        if let vars = object["vars"] {
            if let mapping = vars.objectValue { test.vars = mapping } else {
                report.omit(file, item?.line(of: "vars") ?? line, "vars from a file are not imported")
            }
        }
        let assertItems = item?.item("assert")?.sequence
        for (index, value) in (object["assert"]?.arrayValue ?? []).enumerated() {
            let assertLine = assertItems.flatMap { index < $0.count ? $0[index].line : nil } ?? line
            var objectValue = value.objectValue ?? [:]
            if let reference = objectValue["$ref"]?.stringValue {
                let name = reference.components(separatedBy: "/").last ?? reference
                guard reference.hasPrefix("#/assertionTemplates/"), let resolved = templates[name]?.objectValue else {
                    report.omit(file, assertLine, "$ref \(reference) does not name an assertion template")
                    continue
                }
                objectValue = resolved
            }
            guard let assertion = PromptfooAssertion.fromObject(objectValue, file: file, line: assertLine) else {
                report.omit(file, assertLine, "an assertion without a type is not imported")
                continue
            }
            test.assertions.append(assertion)
        }
        for key in object.keys.sorted() where !["description", "vars", "assert", "threshold", "metadata", "options"].contains(key) {
            report.omit(file, item?.line(of: key) ?? line, "test '\(key)' is not imported")
        }
        for key in (object["options"]?.objectValue ?? [:]).keys.sorted() where key != "disableVarExpansion" {
            report.omit(file, item?.line(of: "options") ?? line, "test option '\(key)' is not imported")
        }
        return test
    }

    private func merge(_ test: Test, _ defaults: Test) -> Test {
        var merged = test
        merged.vars = defaults.vars.merging(test.vars) { _, own in own }
        merged.assertions = defaults.assertions + test.assertions
        merged.metadata = defaults.metadata.merging(test.metadata) { _, own in own }
        merged.threshold = test.threshold ?? defaults.threshold
        return merged
    }
}
