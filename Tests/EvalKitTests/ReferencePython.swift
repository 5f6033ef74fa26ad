import Foundation
@testable import EvalKit

/// The Python with the reference implementations (sacreBLEU, jsonschema, SciPy) that differential tests compare against,
/// and the official Anthropic and OpenAI SDKs that read the stub server in the fidelity tests.
///
/// `EVALCTL_REFERENCE_PYTHON` if set, else the venv `make references` (scripts/install-reference-tools.sh) creates in
/// evalctl's cache; `make test` installs it first, so a missing one is a failure, not a skip.
enum ReferencePython {
    static var path: String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["EVALCTL_REFERENCE_PYTHON"], !explicit.isEmpty { return explicit }
        return LlamaServerLocator(environment: environment).cacheDirectory + "/reference/venv/bin/python"
    }

    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: path) }

    static let installHint = "the reference tools are not installed at \(path): run `make references` (make test does it)"
}
