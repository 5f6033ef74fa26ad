import Foundation

/// Reading the files an importer is pointed at: JSON lines, Git LFS pointers, names.
enum ImportSources {
    /// The first line of a Git LFS pointer file (the spec's current and its first version).
    static let lfsPointerHeaders = ["version https://git-lfs.github.com/spec/v1\n", "version https://hawser.github.com/spec/v1\n"]

    /// When `url` is a Git LFS pointer rather than the data it stands for: a sentence naming it and what to do.
    static func lfsPointer(_ url: URL, shown: String) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 1024), let text = String(data: data, encoding: .utf8),
              lfsPointerHeaders.contains(where: text.hasPrefix) else { return nil }
        let fields = Dictionary(text.split(separator: "\n").compactMap { line -> (String, String)? in
            guard let space = line.firstIndex(of: " ") else { return nil }
            return (String(line[..<space]), String(line[line.index(after: space)...]))
        }, uniquingKeysWith: { first, _ in first })
        let size = fields["size"].flatMap { Int($0) }.map { ", \($0) bytes" } ?? ""
        return "\(shown) is a Git LFS pointer (\(fields["oid"] ?? "no oid")\(size)), not the data: run `git lfs pull` in that repository first"
    }

    /// The JSON values of a JSONL file with their line numbers; a line that is not JSON is a problem at its line.
    static func jsonLines(_ url: URL, shown: String) throws(InputProblem) -> [(value: JSONValue, line: Int)] {
        if let pointer = lfsPointer(url, shown: shown) { throw InputProblem(file: shown, line: 1, message: pointer) }
        let text = try InputText.read(url, displayPath: shown)
        var values: [(JSONValue, Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed == "\r" { continue }
            do {
                values.append((try JSONParser.parse(Array(line.utf8)), index + 1))
            } catch {
                throw InputProblem(file: shown, line: index + 1, message: "malformed JSON: \(error.message)")
            }
        }
        return values
    }

    /// A name usable as an eval set, prompt or scorer name: lowercase letters, digits, `-`, `_` and `.`.
    static func slug(_ text: String, fallback: String) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "_" || scalar == "." { out.unicodeScalars.append(scalar) }
            else if !out.hasSuffix("-") && !out.isEmpty { out += "-" }
        }
        while out.hasSuffix("-") || out.hasSuffix(".") { out.removeLast() }
        return out.isEmpty ? fallback : String(out.prefix(60))
    }

    /// `path` shown relative to the working directory when it is inside it.
    static func shown(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = url.standardizedFileURL.path
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }
}
