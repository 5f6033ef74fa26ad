import Foundation

/// The explorer's file as it is written: the head with its Content-Security-Policy and the static summary, the cases
/// as JSON blocks of about `blockSize` bytes, then the page's metadata and its script.
struct CaseExplorerPage {
    let explorer: CaseExplorer
    let file: ReportFileWriter
    /// In the order the page lists them: by eval set, prompt and backend.
    let suites: [SuiteKey]
    private let suiteIndices: [SuiteKey: Int]
    private var json = ScriptJSON()
    private var blockOpen = false
    private var notes = NoteTable()
    private(set) var entries = 0
    private(set) var bytesWritten = 0

    static let blockSize = 256 * 1024

    init(explorer: CaseExplorer, file: ReportFileWriter) {
        self.explorer = explorer
        self.file = file
        let keys = explorer.run.suites.map { SuiteKey($0.suite) } + (explorer.against?.suites.map { SuiteKey($0.suite) } ?? [])
        suites = Set(keys).sorted()
        suiteIndices = Dictionary(uniqueKeysWithValues: suites.enumerated().map { ($1, $0) })
        json.reserve(Self.blockSize + 64 * 1024)
    }

    func suiteIndex(_ key: SuiteKey) -> Int { suiteIndices[key]! }

    // MARK: the page around the cases

    mutating func open() throws {
        try write(Self.head(title: title) + header())
    }

    mutating func close() throws {
        try closeBlock()
        var tail = ScriptJSON()
        tail.object { json in
            json.key("mode"); json.string(explorer.against == nil ? "run" : "against")
            json.key("runLabel"); json.string(Self.label(explorer.run))
            json.key("againstLabel"); json.optionalString(explorer.against.map(Self.label))
            json.key("limit"); json.number(explorer.fieldLimit)
            json.key("suites"); json.array { json in
                for key in suites { json.object { json in
                    json.key("key"); json.string(key.description)
                    json.key("detail"); json.string(suiteDetail(key))
                    json.key("repeats"); json.number(repeats(key))
                } }
            }
        }
        var notesJSON = ScriptJSON()
        notesJSON.array { json in for note in notes.texts { json.string(note) } }
        try write("<script type=\"application/json\" id=\"explorer-meta\">" + String(decoding: tail.bytes, as: UTF8.self) + "</script>\n"
            + "<script type=\"application/json\" id=\"explorer-notes\">" + String(decoding: notesJSON.bytes, as: UTF8.self) + "</script>\n"
            + "<script>" + CaseExplorer.script + "</script>\n</body>\n</html>\n")
    }

    private var title: String {
        guard let against = explorer.against else { return "evalctl cases: \(Self.label(explorer.run))" }
        return "evalctl cases: \(Self.label(explorer.run)) against \(Self.label(against))"
    }

    /// `run 12`: what the page's filters and columns call a run.
    static func label(_ run: RunSummary) -> String { "run \(run.run.id)" }

    static func head(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta http-equiv="Content-Security-Policy" content="\(HTMLText.attribute(CaseExplorer.contentSecurityPolicy))"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="referrer" content="no-referrer"/>
        <title>\(HTMLText.text(title))</title>
        <style>\(CaseExplorer.stylesheet)</style>
        </head>
        <body>

        """
    }

    private func header() -> String {
        var html = "<h1>\(HTMLText.text(title.replacingOccurrences(of: "evalctl cases: ", with: "Cases of ")))</h1>\n"
        html += "<p class=\"muted\">\(HTMLText.text(Self.runLine(explorer.run)))</p>\n"
        if let against = explorer.against {
            html += "<p class=\"muted\">\(HTMLText.text(Self.runLine(against)))</p>\n"
            html += "<p class=\"muted\">Cases are paired as <code>evalctl compare</code> pairs them: by eval set × prompt × backend, then case id; a case whose content (input or expected answer) changed between the runs is shown but not compared. With repeats, a side passes when at least half its answered repeats pass, and the first answered repeat is shown. Diffs are word by word, from \(HTMLText.text(Self.label(against))) to \(HTMLText.text(Self.label(explorer.run))): <ins>inserted</ins>, <del>deleted</del>.</p>\n"
        }
        html += "<div class=\"scroll\"><table class=\"compact\"><thead><tr><th>eval set / prompt / backend</th><th>model</th>"
        let runs = [explorer.run] + (explorer.against.map { [$0] } ?? [])
        for run in runs {
            let prefix = explorer.against == nil ? "" : HTMLText.text(Self.label(run)) + " "
            html += "<th class=\"num\">\(prefix)results</th><th class=\"num\">passed</th><th class=\"num\">failed</th><th class=\"num\">errors</th><th class=\"num\">skipped</th>"
        }
        html += "</tr></thead><tbody>\n"
        for key in suites {
            let summaries = runs.map { run in run.suites.first { SuiteKey($0.suite) == key } }
            let model = summaries.compactMap { $0?.suite.model }.first ?? ""
            html += "<tr><td>\(HTMLText.text(key.description))</td><td>\(HTMLText.text(model))</td>"
            for summary in summaries {
                guard let summary else {
                    html += "<td class=\"num muted\" colspan=\"5\">not in this run</td>"
                    continue
                }
                html += "<td class=\"num\">\(summary.total)</td><td class=\"num\">\(summary.passed)</td><td class=\"num\">\(summary.failed)</td>"
                    + "<td class=\"num\">\(summary.errored)</td><td class=\"num\">\(summary.skipped)</td>"
            }
            html += "</tr>\n"
        }
        html += "</tbody></table></div>\n"
        html += "<noscript><p class=\"regression\">The case list needs JavaScript; the table above has the counts.</p></noscript>\n"
        html += "<p id=\"explorer-loading\" class=\"muted\">Loading the cases…</p>\n<div id=\"explorer-controls\"></div>\n<div id=\"explorer-cases\"></div>\n"
        return html
    }

    static func runLine(_ summary: RunSummary) -> String {
        let run = summary.run
        var parts = ["Run \(run.id): \(run.status.rawValue)", "started \(DateText.utc(run.startedAt)) UTC"]
        if !summary.tags.isEmpty { parts.append("tags " + summary.tags.joined(separator: ", ")) }
        if let commit = run.gitCommit { parts.append("commit \(commit.prefix(12))") }
        if let selection = run.caseSelection { parts.append("cases \(selection)") }
        parts.append("\(summary.total) results: \(summary.passed) passed, \(summary.failed) failed, \(summary.errored) errors")
        return parts.joined(separator: " · ")
    }

    private func suiteDetail(_ key: SuiteKey) -> String {
        let summaries = ([explorer.run] + (explorer.against.map { [$0] } ?? [])).compactMap { run in run.suites.first { SuiteKey($0.suite) == key } }
        guard let first = summaries.first else { return "" }
        return "model \(first.suite.model) · eval set version \(first.suite.evalsetVersion)"
    }

    private func repeats(_ key: SuiteKey) -> Int {
        explorer.run.suites.first { SuiteKey($0.suite) == key }?.suite.repeats ?? explorer.against?.suites.first { SuiteKey($0.suite) == key }?.suite.repeats ?? 1
    }

    // MARK: cases

    /// One result of the run explored.
    mutating func appendCase(_ stored: StoredResult, suite: Int, expected: ExpectedAnswer) throws {
        try openBlock()
        let limit = explorer.fieldLimit
        withBuffers { json, notes in
            json.object { json in
                json.key("s"); json.number(suite)
                json.key("id"); json.string(stored.result.caseID)
                json.key("r"); json.number(stored.result.repeatIndex)
                var fields = CaseFields(limit: limit)
                fields.write(stored, expected: expected, input: true, output: true, notes: &notes, into: &json)
            }
        }
        try entryWritten()
    }

    /// One case of the run against the other: both sides and the diff of their outputs.
    mutating func appendPair(_ pair: CasePairView, suite: Int, expected: @escaping ExpectedAnswerLookup,
                             againstExpected: @escaping ExpectedAnswerLookup) throws {
        try openBlock()
        let limit = explorer.fieldLimit
        let mine = pair.run?.shown, theirs = pair.against?.shown
        let myOutput = mine?.result.output.map { CaseFields.capped($0, limit: limit) }
        let theirOutput = theirs?.result.output.map { CaseFields.capped($0, limit: limit) }
        var diff: WordDiff?, same = false, diffNote: String?
        if let myOutput, let theirOutput {
            if myOutput.text == theirOutput.text {
                same = true
            } else {
                diff = WordDiff(from: theirOutput.text, to: myOutput.text)
                if diff == nil {
                    diffNote = "The outputs differ; they are too long or too different to diff word by word (over \(WordDiff.defaultMaxTokens) words or \(WordDiff.defaultMaxEdits) changes), so both are shown whole."
                }
            }
        }
        let sameInput = mine?.result.request == theirs?.result.request
        withBuffers { json, notes in
            json.object { json in
                json.key("s"); json.number(suite)
                json.key("id"); json.string(pair.caseID)
                json.key("pair"); json.string(pair.pairing.rawValue)
                for (name, side, lookup) in [("a", pair.run, expected), ("b", pair.against, againstExpected)] {
                    guard let side else { continue }
                    json.key(name)
                    json.object { json in
                        var fields = CaseFields(limit: limit)
                        let shown = side.shown
                        fields.write(shown, status: side.status, expected: lookup(shown.result.fields), input: name == "a" || !sameInput,
                                     output: diff == nil && !(same && name == "b"), notes: &notes, into: &json)
                        if side.results.count > 1 {
                            json.key("n"); json.number(side.results.count)
                            if side.erroredRepeats > 0 { json.key("ne"); json.number(side.erroredRepeats) }
                        }
                    }
                }
                if let diff {
                    json.key("d")
                    json.array { json in
                        for segment in diff.segments { json.array { json in json.number(segment.kind.rawValue); json.string(segment.text) } }
                    }
                }
                if same { json.key("same"); json.bool(true) }
                if let diffNote { json.key("dn"); json.string(diffNote) }
            }
        }
        try entryWritten()
    }

    /// Lends the block's JSON and the note table to `body`, which writes an entry into them.
    private mutating func withBuffers(_ body: (inout ScriptJSON, inout NoteTable) -> Void) {
        var buffer = ScriptJSON(), table = NoteTable()
        swap(&buffer, &json)
        swap(&table, &notes)
        body(&buffer, &table)
        swap(&buffer, &json)
        swap(&table, &notes)
    }

    private mutating func openBlock() throws {
        guard !blockOpen else { return }
        try write("<script type=\"application/json\" class=\"explorer-cases\">")
        json.clear()
        json.startArray()
        blockOpen = true
    }

    private mutating func entryWritten() throws {
        entries += 1
        if json.bytes.count >= Self.blockSize { try closeBlock() }
    }

    private mutating func closeBlock() throws {
        guard blockOpen else { return }
        json.endArray()
        try file.append(json.bytes)
        bytesWritten += json.bytes.count
        json.clear()
        try write("</script>\n")
        blockOpen = false
    }

    private mutating func write(_ text: String) throws {
        let bytes = Array(text.utf8)
        try file.append(bytes)
        bytesWritten += bytes.count
    }
}

/// Notes that repeat across cases ("not stored with results"), each kept once; cases refer to a note by its index.
struct NoteTable {
    private(set) var texts: [String] = []
    private var indices: [String: Int] = [:]

    mutating func index(of text: String) -> Int {
        if let index = indices[text] { return index }
        texts.append(text)
        indices[text] = texts.count - 1
        return texts.count - 1
    }
}
