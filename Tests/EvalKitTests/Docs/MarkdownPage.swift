import Foundation

/// What the documentation checks need from a Markdown page: the anchors its headings produce, its links, and its
/// fenced code, each read outside (or, for code, inside) fenced blocks as GitHub renders them.
struct MarkdownPage {
    struct Link: Equatable {
        let target: String
        let line: Int
    }

    let url: URL
    let anchors: Set<String>
    let links: [Link]
    /// The lines of fenced code blocks, one array per block.
    let codeBlocks: [[String]]

    init(url: URL) throws {
        try self.init(url: url, text: String(contentsOf: url, encoding: .utf8))
    }

    init(url: URL, text: String) {
        self.url = url
        var anchors: Set<String> = []
        var counts: [String: Int] = [:]
        var prose: [String] = []
        var blocks: [[String]] = []
        var fence: String?
        for line in text.components(separatedBy: "\n") {
            let trimmed = line.drop { $0 == " " }
            if let open = fence {
                if trimmed.hasPrefix(open), trimmed.drop(while: { $0 == open.first }).allSatisfy(\.isWhitespace) {
                    fence = nil
                } else {
                    blocks[blocks.count - 1].append(line)
                }
                prose.append("")
                continue
            }
            if let marker = Self.fenceMarker(trimmed) {
                fence = marker
                blocks.append([])
                prose.append("")
                continue
            }
            prose.append(line)
            if let heading = Self.headingText(line) {
                // GitHub suffixes a repeated anchor with -1, -2, … in order of appearance.
                let base = Self.anchor(forHeading: heading)
                let seen = counts[base, default: 0]
                counts[base] = seen + 1
                anchors.insert(seen == 0 ? base : "\(base)-\(seen)")
            }
        }
        self.anchors = anchors
        self.codeBlocks = blocks
        self.links = Self.links(in: Self.removingCodeSpans(prose.joined(separator: "\n")))
    }

    /// GitHub's heading anchor: lowercase, backticks and punctuation other than `-` and `_` removed, spaces to `-`.
    static func anchor(forHeading heading: String) -> String {
        var anchor = ""
        for character in heading.lowercased() {
            if character == " " {
                anchor.append("-")
            } else if character == "-" || character == "_" || character.isLetter || character.isNumber {
                anchor.append(character)
            }
        }
        return anchor
    }

    /// The text of an ATX heading (`## Title ##`), or nil when the line is not one.
    static func headingText(_ line: String) -> String? {
        let trimmed = line.drop { $0 == " " }
        guard line.count - trimmed.count <= 3 else { return nil }
        let hashes = trimmed.prefix { $0 == "#" }
        guard (1...6).contains(hashes.count) else { return nil }
        let rest = trimmed.dropFirst(hashes.count)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = rest.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("#") { text.removeLast() }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// "```" or "~~~" (or longer) when the line opens a fenced block.
    private static func fenceMarker(_ trimmed: Substring) -> String? {
        for mark: Character in ["`", "~"] {
            let run = trimmed.prefix { $0 == mark }
            if run.count >= 3 { return String(run) }
        }
        return nil
    }

    /// Inline code spans, which may hold `[x](y)` that is not a link, become blanks; newlines stay, to keep line
    /// numbers. A span closes at the next run of exactly as many backticks as opened it.
    static func removingCodeSpans(_ text: String) -> String {
        let characters = Array(text)
        var output = ""
        var index = 0
        while index < characters.count {
            guard characters[index] == "`" else {
                output.append(characters[index])
                index += 1
                continue
            }
            var runEnd = index
            while runEnd < characters.count, characters[runEnd] == "`" { runEnd += 1 }
            let width = runEnd - index
            guard let close = closingRun(in: characters, from: runEnd, width: width) else {
                output.append(contentsOf: String(characters[index..<runEnd]))
                index = runEnd
                continue
            }
            output.append(contentsOf: characters[runEnd..<close].filter { $0 == "\n" })
            index = close + width
        }
        return output
    }

    private static func closingRun(in characters: [Character], from start: Int, width: Int) -> Int? {
        var index = start
        while index < characters.count {
            guard characters[index] == "`" else { index += 1; continue }
            var runEnd = index
            while runEnd < characters.count, characters[runEnd] == "`" { runEnd += 1 }
            if runEnd - index == width { return index }
            index = runEnd
        }
        return nil
    }

    /// Inline links `[text](target)` and `[text](target "title")`, with the line each starts on.
    private static func links(in text: String) -> [Link] {
        let pattern = #"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let nsText = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: nsText.length)).map { match in
            let before = nsText.substring(to: match.range.location)
            let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            return Link(target: nsText.substring(with: match.range(at: 1)), line: line)
        }
    }
}
