import Foundation
import Testing

/// The pages a user reads: the front page and everything under docs/.
enum DocumentationPages {
    static func urls(root: URL = RepositoryPaths.root) throws -> [URL] {
        let docs = root.appendingPathComponent("docs")
        let pages = try FileManager.default.contentsOfDirectory(at: docs, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "md" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return [root.appendingPathComponent("README.md")] + pages
    }

    /// Every relative link that does not lead to a file, or to a heading of the page it names, as
    /// `file:line: problem`. External links (any `scheme:`) are not checked.
    static func brokenLinks(in urls: [URL], relativeTo root: URL) throws -> [String] {
        var pages: [String: MarkdownPage] = [:]
        func page(_ url: URL) throws -> MarkdownPage {
            if let cached = pages[url.standardizedFileURL.path] { return cached }
            let loaded = try MarkdownPage(url: url)
            pages[url.standardizedFileURL.path] = loaded
            return loaded
        }
        var problems: [String] = []
        for url in urls {
            let source = try page(url)
            let name = url.path.replacingOccurrences(of: root.path + "/", with: "")
            for link in source.links where !isExternal(link.target) {
                let parts = link.target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let path = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                let fragment = parts.count > 1 ? String(parts[1]) : nil
                let target = path.isEmpty ? url : url.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL
                guard FileManager.default.fileExists(atPath: target.path) else {
                    problems.append("\(name):\(link.line): \(link.target): no file \(path)")
                    continue
                }
                guard let fragment, !fragment.isEmpty else { continue }
                guard target.pathExtension == "md" else {
                    problems.append("\(name):\(link.line): \(link.target): an anchor into a file that is not Markdown")
                    continue
                }
                let anchors = try page(target).anchors
                if !anchors.contains(fragment) {
                    let close = anchors.filter { $0.hasPrefix(fragment.prefix(8)) }.sorted().prefix(3)
                    let hint = close.isEmpty ? "" : " (headings nearby: \(close.joined(separator: ", ")))"
                    problems.append("\(name):\(link.line): \(link.target): no heading in \(target.lastPathComponent) has anchor #\(fragment)\(hint)")
                }
            }
        }
        return problems
    }

    private static func isExternal(_ target: String) -> Bool {
        target.range(of: #"^[A-Za-z][A-Za-z0-9+.-]*:"#, options: .regularExpression) != nil
    }
}

@Suite("documentation links")
struct DocumentationLinksTests {
    @Test("every relative link in README.md and docs/*.md leads to a file, and every #anchor to a heading")
    func everyRelativeLinkResolves() throws {
        let root = RepositoryPaths.root
        let urls = try DocumentationPages.urls(root: root)
        #expect(urls.count > 10, "README.md and the docs/ pages are found")
        let problems = try DocumentationPages.brokenLinks(in: urls, relativeTo: root)
        #expect(problems.isEmpty, "broken links:\n\(problems.joined(separator: "\n"))")
    }

    @Test("the front page links to every docs/ page, and the docs index lists each one")
    func everyPageIsReachable() throws {
        let root = RepositoryPaths.root
        let docs = try DocumentationPages.urls(root: root).dropFirst().map(\.lastPathComponent)
        let index = try MarkdownPage(url: root.appendingPathComponent("docs/README.md")).links.map(\.target)
        for page in docs where page != "README.md" {
            #expect(index.contains { $0 == page || $0.hasPrefix(page + "#") }, "docs/README.md does not list \(page)")
        }
        let front = try MarkdownPage(url: root.appendingPathComponent("README.md")).links.map(\.target)
        #expect(front.contains("docs/README.md"), "README.md links to the docs index")
    }

    @Test("anchors follow GitHub: lowercase, backticks and punctuation dropped, spaces to hyphens")
    func anchorsFollowGitHub() {
        #expect(MarkdownPage.anchor(forHeading: "The CI gate: `evalctl gate` and `run --baseline`") == "the-ci-gate-evalctl-gate-and-run---baseline")
        #expect(MarkdownPage.anchor(forHeading: "`evalctl evalset lint DIR...`") == "evalctl-evalset-lint-dir")
        #expect(MarkdownPage.anchor(forHeading: "`json_schema`: structured output") == "json_schema-structured-output")
        #expect(MarkdownPage.anchor(forHeading: "The local llama.cpp server: `make llama`") == "the-local-llamacpp-server-make-llama")
        let page = MarkdownPage(url: URL(fileURLWithPath: "/x.md"), text: "# Notes\n## Notes\n```\n# not a heading\n```\n")
        #expect(page.anchors == ["notes", "notes-1"], "a repeated heading gets -1; a comment in code is no heading")
    }

    @Test("a missing file, a missing anchor and a link in code are told apart; external links are not checked")
    func brokenLinksAreReported() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("README.md", """
            # Front
            See [the guide](docs/guide.md#setup), [gone](docs/gone.md), [bad anchor](docs/guide.md#set-up),
            [web](https://example.com/x.md), [here](#front) and `[not a link](nowhere.md)`.
            ```
            [also not](nowhere.md)
            ```
            """)
        try directory.write("docs/guide.md", "# Guide\n\n## Setup\n\nBack to [the front](../README.md#front).\n")
        let problems = try DocumentationPages.brokenLinks(in: [directory.url.appendingPathComponent("README.md"),
                                                              directory.url.appendingPathComponent("docs/guide.md")],
                                                         relativeTo: directory.url)
        #expect(problems.count == 2, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("README.md:2: docs/gone.md: no file") })
        #expect(problems.contains { $0.hasPrefix("README.md:2: docs/guide.md#set-up: no heading in guide.md has anchor #set-up") })
    }
}
