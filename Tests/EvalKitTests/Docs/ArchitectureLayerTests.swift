import Foundation
import Testing

@Suite("Architecture: the one-way dependency rule of docs/architecture.md")
struct ArchitectureLayerTests {
    @Test("no file names a type from a higher layer, beyond the exceptions listed with a plan")
    func layersPointDownward() async throws {
        // Waited for off the test's threads (`collect`): a blocking wait starves the tests running beside this one.
        let result = try await EvalctlProcess.runTool("python3", [RepositoryPaths.root.appendingPathComponent("scripts/check-layers.py").path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test("each database driver is imported only by its store's folder",
          arguments: [("GRDB", "/Sources/EvalKit/Store/SQLite/"), ("PostgresNIO", "/Sources/EvalKit/Store/PostgreSQL/")])
    func driverConfined(module: String, folder: String) throws {
        let sources = RepositoryPaths.root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        let importers = try files.filter { $0.pathExtension == "swift" }.filter {
            try String(contentsOf: $0, encoding: .utf8).split(separator: "\n").contains { $0.hasPrefix("import \(module)") }
        }
        #expect(!importers.isEmpty)
        for file in importers {
            #expect(file.path.contains(folder), "\(file.path) imports \(module)")
        }
    }
}
