import Foundation

/// A writable copy of an eval set fixture in a temporary directory, for tests that edit one file and reload.
struct EvalSetCopy {
    let path: String

    init(of fixture: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evalset-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: TestFixtures.evalSet(fixture)), to: directory)
        path = directory.path
    }

    /// Replaces the one occurrence of `old` in `file` (relative to the eval set) with `new`.
    func replace(_ old: String, with new: String, in file: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        guard text.components(separatedBy: old).count == 2 else {
            throw EditError(message: "'\(old)' does not occur exactly once in \(file)")
        }
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    struct EditError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
