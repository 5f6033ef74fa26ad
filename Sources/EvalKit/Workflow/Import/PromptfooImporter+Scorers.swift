import Foundation

extension PromptfooImporter {
    /// Turns every test's assertions into scorer entries (shared where they agree) and every test into a case.
    func buildScorersAndCases(_ tests: [Test], prompts: [String], into set: inout ImportedEvalSet) {
        struct Slot {
            var check: Check
            var values: [Int: Check.Value] = [:]
        }
        var slots: [String: Slot] = [:]
        var order: [String] = []
        var vars = tests.map(\.vars)
        var weightNoted = false
        for (index, test) in tests.enumerated() {
            for (key, value) in test.vars {
                if value.arrayValue != nil {
                    set.report.omit(test.file, test.line, "var '\(key)' is a list: promptfoo runs one test per value; the test is imported with the list as one value")
                } else if let text = value.stringValue, text.hasPrefix("file://") {
                    set.report.omit(test.file, test.line, "var '\(key)' is read from \(text): file vars are not imported")
                }
            }
            var seen: [String: Int] = [:]
            for assertion in test.assertions {
                if let weight = assertion.weight, weight != 1, weight != 0, !weightNoted {
                    set.report.note(assertion.file, assertion.line, "weights change promptfoo's score, not whether a test passes; evalctl has no weights")
                    weightNoted = true
                }
                if let metric = assertion.metric {
                    set.report.note(assertion.file, assertion.line, "metric '\(metric)' is not imported: the scorer's name stands for it")
                }
                guard let check = check(for: assertion, vars: test.vars, prompts: prompts, report: &set.report) else { continue }
                let signature = check.signature
                let occurrence = seen[signature, default: 0] + 1
                seen[signature] = occurrence
                let key = "\(signature)#\(occurrence)"
                if slots[key] == nil {
                    slots[key] = Slot(check: check)
                    order.append(key)
                }
                slots[key]!.values[index] = check.value
            }
        }
        // Names, scope and values.
        var usedNames: Set<String> = []
        var tags = Array(repeating: [String](), count: tests.count)
        var expected = Array(repeating: JSONValue.null, count: tests.count)
        for key in order {
            let slot = slots[key]!
            var name = slot.check.name
            var suffix = 2
            while usedNames.contains(name) { name = "\(slot.check.name)-\(suffix)"; suffix += 1 }
            usedNames.insert(name)
            var entries: [(key: String, value: JSONValue)] = [("type", slot.check.entries[0].value), ("name", .string(name))]
            entries += slot.check.entries.dropFirst()
            if slot.values.count < tests.count {
                let tag = "assert:\(name)"
                for index in slot.values.keys { tags[index].append(tag) }
                entries.append(("only_tags", .array([.string(tag)])))
            }
            let variable = "expect_" + name.replacingOccurrences(of: "-", with: "_")
            switch slot.check.value {
            case .none:
                break
            case .expected:
                let values = slot.values.mapValues { value -> JSONValue in if case .expected(let v) = value { v } else { .null } }
                let distinct = Set(values.values.map(\.canonicalJSON))
                if distinct.count == 1, slot.check.takesValueOption, let only = values.values.first {
                    entries.append(("value", only))
                } else {
                    entries.append(("expected_var", .string(variable)))
                    for (index, value) in values { vars[index][variable] = value }
                }
                for (index, value) in values where expected[index] == .null { expected[index] = value }
            case .rubric:
                let texts = slot.values.mapValues { value -> String in if case .rubric(let t) = value { t } else { "" } }
                let distinct = Set(texts.values)
                let rubricText: String
                if distinct.count == 1, let only = texts.values.first, TemplateCompatibility.firstProblem(in: only) == nil {
                    rubricText = only
                } else {
                    rubricText = "{{\(variable)}}"
                    for (index, text) in texts { vars[index][variable] = .string(text) }
                }
                let path = "rubrics/\(name).md"
                let template = slot.check.entries.first { $0.key == "rubric_template" }?.value.stringValue ?? ""
                set.files.append((path: path, text: template.replacingOccurrences(of: "<<RUBRIC>>", with: rubricText)))
                entries.removeAll { $0.key == "rubric_template" }
                entries.append(("rubric", .string(path)))
            }
            if let schema = entries.first(where: { $0.key == "schema_text" })?.value.stringValue,
               let path = entries.first(where: { $0.key == "schema" })?.value.stringValue {
                if !set.files.contains(where: { $0.path == path }) { set.files.append((path: path, text: schema + "\n")) }
                entries.removeAll { $0.key == "schema_text" }
            }
            set.scorers.append(entries)
        }
        if set.scorers.isEmpty {
            set.scorers = [[("type", .string("contains")), ("name", .string("answered")), ("value", .string(""))]]
            set.report.note(shown, nil, "no assertion could be imported: the eval set scores only that a model answered ('answered')")
        }
        for (index, test) in tests.enumerated() {
            var caseTags = tags[index]
            for key in test.metadata.keys.sorted() {
                let value = test.metadata[key]!
                for item in value.arrayValue ?? [value] { caseTags.append(key == "tags" ? item.plainText : "\(key):\(item.plainText)") }
            }
            var object: [String: JSONValue] = [
                "id": .string(Self.caseID(index: index, description: test.description)),
                "vars": .object(vars[index]),
                "expected": expected[index],
            ]
            if !caseTags.isEmpty { object["tags"] = .array(caseTags.map(JSONValue.string)) }
            set.cases.append(.object(object))
        }
    }

    static func caseID(index: Int, description: String?) -> String {
        let base = "test-\(index + 1)"
        guard let description, !description.isEmpty else { return base }
        return base + "-" + String(ImportSources.slug(description, fallback: "").prefix(40)).trimmingCharacters(in: CharacterSet(charactersIn: "-."))
    }

    /// The scorer entry for one assertion, or nil (with the reason in the report) when evalctl has none.
    func check(for assertion: PromptfooAssertion, vars: [String: JSONValue], prompts: [String], report: inout ImportReport) -> Check? {
        let place = (assertion.file, assertion.line)
        if !assertion.unsupportedKeys.isEmpty {
            report.omit(place.0, place.1, "\(assertion.displayType) assertion with \(assertion.unsupportedKeys.joined(separator: ", ")) is not imported")
            return nil
        }
        // Values are Nunjucks templates over the test's vars: render the plain ones now.
        func rendered(_ value: JSONValue?) -> JSONValue?? {
            guard let value else { return .some(nil) }
            switch value {
            case .string(let text):
                guard text.contains("{{") || text.contains("{%") else { return value }
                if let problem = TemplateCompatibility.firstProblem(in: text) {
                    report.omit(place.0, place.1, "\(assertion.displayType) value: \(problem.construct) cannot be expressed in a Mustache template; the assertion is not imported")
                    return nil
                }
                guard let template = try? PromptTemplate(text) else { return value }
                return .string(template.render(vars))
            case .array(let items):
                var out: [JSONValue] = []
                for item in items {
                    guard case .some(let done) = rendered(item), let done else { return nil }
                    out.append(done)
                }
                return .array(out)
            default:
                return value
            }
        }
        guard case .some(let value) = rendered(assertion.value) else { return nil }
        let text = value.map { $0.stringValue ?? $0.plainText }
        var entries: [(key: String, value: JSONValue)] = []
        var check: Check
        func needValue() -> Bool {
            if text == nil || text == "" {
                report.omit(place.0, place.1, "\(assertion.displayType) assertion without a value is not imported")
                return false
            }
            return true
        }
        let type = assertion.type
        switch type {
        case "equals":
            guard let value else { _ = needValue(); return nil }
            if value.objectValue != nil || value.arrayValue != nil {
                check = Check(name: "equals", entries: [("type", .string("json_equal"))], value: .expected(.string(value.canonicalJSON)), takesValueOption: false)
            } else {
                check = Check(name: "equals", entries: [("type", .string("exact"))], value: .expected(.string(text ?? "")), takesValueOption: true)
            }
        case "contains", "icontains", "starts-with":
            guard needValue() else { return nil }
            entries = [("type", .string(type == "starts-with" ? "starts_with" : "contains"))]
            if type == "icontains" { entries.append(("normalize", .array([.string("casefold")]))) }
            check = Check(name: type, entries: entries, value: .expected(.string(text!)), takesValueOption: true)
        case "contains-any", "contains-all", "icontains-any", "icontains-all":
            let list: [JSONValue]
            if let items = value?.arrayValue { list = items.map { .string($0.stringValue ?? $0.plainText) } }
            else if let text { list = text.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) } }
            else { _ = needValue(); return nil }
            entries = [("type", .string("contains")), ("match", .string(type.hasSuffix("all") ? "all" : "any"))]
            if type.hasPrefix("i") { entries.append(("normalize", .array([.string("casefold")]))) }
            check = Check(name: type, entries: entries, value: .expected(.array(list)), takesValueOption: true)
        case "regex":
            guard needValue() else { return nil }
            check = Check(name: "regex", entries: [("type", .string("regex")), ("pattern", .string(text!))], value: .none, takesValueOption: false)
            report.note(place.0, place.1, "regex: evalctl uses ICU regular expressions; promptfoo's are JavaScript's (the common syntax agrees)")
        case "is-json", "contains-json":
            var schema: JSONValue = .object([:])
            if let value {
                if value.objectValue != nil { schema = value }
                else if let text = value.stringValue, !text.isEmpty {
                    if text.hasPrefix("file://") {
                        let url = directory.appendingPathComponent(String(text.dropFirst(7)))
                        guard let loaded = try? JSONParser.parse(Array((try? Data(contentsOf: url)) ?? Data())) else {
                            report.omit(place.0, place.1, "\(type) schema \(text) could not be read as JSON")
                            return nil
                        }
                        schema = loaded
                    } else if let parsed = try? JSONParser.parse(Array(text.utf8)) {
                        schema = parsed
                    } else {
                        report.omit(place.0, place.1, "\(type) schema written as YAML text is not imported (write it as a mapping or JSON)")
                        return nil
                    }
                }
            }
            let path = "schemas/\(type)-\(SHA256.hex(schema.canonicalJSON).prefix(8)).json"
            entries = [("type", .string("json_schema")), ("schema", .string(path)), ("extract", .string(type == "is-json" ? "strict" : "first_object")), ("schema_text", .string(schema.canonicalJSON))]
            check = Check(name: type, entries: entries, value: .none, takesValueOption: false)
            if type == "contains-json" {
                report.note(place.0, place.1, "contains-json: evalctl checks the first JSON object in the output; promptfoo passes when any object it finds validates")
            }
        case "llm-rubric":
            guard needValue() else { return nil }
            entries = [("type", .string("judge")), ("backend", .string(judgeBackend)), ("scale", .string("binary")),
                       ("rubric_template", .string("Grade the output against the rubric. Score 1 if the output meets the rubric and 0 if it does not.\n\nRubric: <<RUBRIC>>\n\nOutput:\n{{output}}\n"))]
            check = Check(name: "llm-rubric", entries: entries, value: .rubric(text!), takesValueOption: false)
            if assertion.threshold != nil { report.note(place.0, place.1, "llm-rubric threshold is not imported: the judge passes or fails (binary scale)") }
        case "model-graded-closedqa":
            guard needValue() else { return nil }
            let task = prompts.first ?? ""
            if prompts.count > 1 { report.note(place.0, place.1, "model-graded-closedqa: the judge sees the first prompt as the task") }
            let template = """
                You are assessing a submitted answer on a given task based on a criterion. Here is the data:
                [BEGIN DATA]
                ***
                [Task]: \(task)
                ***
                [Submission]: {{output}}
                ***
                [Criterion]: <<RUBRIC>>
                ***
                [END DATA]
                Does the submission meet the criterion? Score 1 if it does (Y) and 0 if it does not (N).

                """
            entries = [("type", .string("judge")), ("backend", .string(judgeBackend)), ("scale", .string("binary")), ("rubric_template", .string(template))]
            check = Check(name: "closedqa", entries: entries, value: .rubric(text!), takesValueOption: false)
        case "levenshtein":
            guard needValue() else { return nil }
            let threshold = assertion.threshold.flatMap { $0 == 0 ? nil : $0 } ?? 5
            check = Check(name: "levenshtein", entries: [("type", .string("levenshtein")), ("max_distance", .number(threshold.rounded(.down)))],
                          value: .expected(.string(text!)), takesValueOption: true)
        case "bleu":
            guard let value else { _ = needValue(); return nil }
            let references: JSONValue = value.arrayValue.map { .array($0.map { .string($0.plainText) }) } ?? .string(text ?? "")
            check = Check(name: "bleu", entries: [("type", .string("bleu")), ("threshold", .number((assertion.threshold ?? 0.5) * 100))],
                          value: .expected(references), takesValueOption: false)
            report.note(place.0, place.1, "bleu: evalctl scores sacreBLEU's sentence BLEU (0–100, 13a tokenizer, exp smoothing); promptfoo's threshold ×100 is kept, its own tokenization is not")
        default:
            let why: String
            switch type {
            case "javascript", "python", "webhook": why = "evalctl runs no code from eval sets"
            case "similar": why = "evalctl has no embedding scorer"
            default: why = "evalctl has no equivalent"
            }
            report.omit(place.0, place.1, "\(assertion.displayType) assertion is not imported (\(why))")
            return nil
        }
        if let threshold = assertion.threshold, !["levenshtein", "bleu", "llm-rubric", "starts-with"].contains(type) {
            report.note(place.0, place.1, "\(assertion.displayType) threshold \(YAMLText.number(threshold)) does not apply to a pass/fail check")
        }
        if assertion.weight == 0 {
            // promptfoo: an assertion of weight 0 never fails its test.
            check.entries.removeAll { $0.key == "threshold" || $0.key == "max_distance" }
            check.entries.append(("threshold", .number(0)))
            check.name += "-info"
        } else if assertion.negate {
            check.entries.append(("negate", .bool(true)))
            check.name = "not-" + check.name
        }
        return check
    }
}
