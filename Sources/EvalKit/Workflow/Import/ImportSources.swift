import Foundation

/// Reading the files an importer is pointed at: JSON lines (a Git LFS pointer in their place is named by `InputText`), names.
enum ImportSources {
    /// The JSON values of a JSONL file with their line numbers; a line that is not JSON is a problem at its line.
    static func jsonLines(_ url: URL, shown: String) throws(InputProblem) -> [(value: JSONValue, line: Int)] {
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
