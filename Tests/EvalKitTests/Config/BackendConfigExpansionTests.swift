import Foundation
import Testing
@testable import EvalKit

@Suite("Backend config path expansion")
struct BackendConfigExpansionTests {
    private let environment = [
        "HOME": "/home/tester", "MODELS": "/data/models", "MODEL_NAME": "smol",
        "LLAMA_HOME": "/opt/llama", "API_HOST": "api.example.com",
    ]

    private func backend(_ name: String, environment: [String: String]? = nil, fixture: String = "expansion.yaml") throws -> BackendConfig {
        let config = try EvalConfig.load(path: TestFixtures.config(fixture), environment: environment ?? self.environment)
        return try #require(config.backend(named: name))
    }

    @Test("a leading ~ becomes HOME")
    func tilde() throws {
        #expect(try backend("from-home").modelPath == "/home/tester/models/smol.gguf")
    }

    @Test("${VAR} references are replaced from the environment, several in one value")
    func variables() throws {
        let backend = try backend("from-variables")
        #expect(backend.modelPath == "/data/models/smol.gguf")
        #expect(backend.serverBinary == "/opt/llama/bin/llama-server")
    }

    @Test("base_url is expanded before it is checked as a URL")
    func urlExpansion() throws {
        #expect(try backend("remote").baseURL == URL(string: "https://api.example.com/v1"))
    }

    @Test("${EVALCTL_CACHE_DIR} is the variable's value when set")
    func cacheDirectorySet() throws {
        var environment = environment
        environment["EVALCTL_CACHE_DIR"] = "/srv/cache"
        #expect(try backend("from-cache", environment: environment).modelPath == "/srv/cache/llama/models/smol.gguf")
    }

    @Test("${EVALCTL_CACHE_DIR} falls back to XDG_CACHE_HOME/evalctl, then ~/.cache/evalctl, when unset or empty")
    func cacheDirectoryFallback() throws {
        #expect(try backend("from-cache").modelPath == "/home/tester/.cache/evalctl/llama/models/smol.gguf")
        var withEmpty = environment
        withEmpty["EVALCTL_CACHE_DIR"] = ""
        #expect(try backend("from-cache", environment: withEmpty).modelPath == "/home/tester/.cache/evalctl/llama/models/smol.gguf")
        var withXDG = environment
        withXDG["XDG_CACHE_HOME"] = "/var/xdg"
        #expect(try backend("from-cache", environment: withXDG).modelPath == "/var/xdg/evalctl/llama/models/smol.gguf")
    }

    @Test("a variable whose value contains ${…} is substituted once, not expanded again")
    func noRecursiveExpansion() throws {
        let looping = try backend("local", environment: ["MODELS": "${MODELS}"], fixture: "self-referencing-variable.yaml")
        #expect(looping.modelPath == "${MODELS}/smol.gguf")
        let nested = try backend("local", environment: ["MODELS": "${HOME}/m", "HOME": "/home/x"], fixture: "self-referencing-variable.yaml")
        #expect(nested.modelPath == "${HOME}/m/smol.gguf")
    }
}
