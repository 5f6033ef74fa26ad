import Foundation

/// Files under `Tests/Fixtures`, located from this source file so tests do not depend on the working directory.
enum TestFixtures {
    static let root: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.lastPathComponent != "Tests", directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("Fixtures", isDirectory: true)
    }()

    /// The repository checkout, for the eval sets bundled with evalctl.
    static var repositoryRoot: URL { root.deletingLastPathComponent().deletingLastPathComponent() }

    /// The path of the eval set fixture `Tests/Fixtures/evalsets/<name>`.
    static func evalSet(_ name: String) -> String {
        root.appendingPathComponent("evalsets/\(name)").path
    }

    /// The path of the config fixture `Tests/Fixtures/config/<name>`.
    static func config(_ name: String) -> String {
        root.appendingPathComponent("config/\(name)").path
    }
}
