import Foundation
import Testing
@testable import EvalKit

@Suite("Credentials written into a backend's URL never reach anything stored or printed")
struct URLCredentialTests {
    @Test("a password in base_url and a key in its query: not on stderr or stdout, not in the database, not in runs show")
    func urlCredentialsRedacted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: ["one", "two"], minPassRate: 0)
        let password = "hunter2-pass-ZZZ-0123"
        let queryKey = "qk-live-9876543210abcdef"
        try directory.write("evalctl.yaml", """
            backends:
              dead:
                type: openai
                base_url: http://user:${PW}@127.0.0.1:9/v1?api_key=\(queryKey)
                model: m
            """)
        let environment = ["PW": password]
        let run = try await EvalctlProcess.run(["run", evalSet, "--junit", "junit.xml"], in: directory, environment: environment)
        #expect(run.status == 3)
        #expect(run.stderr.contains("cannot be reached at http://127.0.0.1:9/v1"), "\(run.stderr)")
        let shown = try await EvalctlProcess.run(["runs", "show", "latest"], in: directory)
        let json = try await EvalctlProcess.run(["runs", "show", "latest", "--format", "json"], in: directory)
        var everything = [run.stdout, run.stderr, shown.stdout, shown.stderr, json.stdout, json.stderr]
        for file in try FileManager.default.subpathsOfDirectory(atPath: directory.url.path) where file != "evalctl.yaml" {
            if let data = FileManager.default.contents(atPath: directory.path(file)) {
                everything.append(String(decoding: data, as: UTF8.self) as String)
            }
        }
        for text in everything {
            #expect(!text.contains(password))
            #expect(!text.contains(queryKey))
        }
    }

    @Test("the secrets of a config include its URL's password and credential-named query values, not other values")
    func secretsInURLs() throws {
        var config = BackendConfig(name: "b", type: "openai")
        config.baseURL = URL(string: "https://me:s3cret-value@api.example.com/v1?token=tok-123456789&region=eu-west-1")
        #expect(config.secretsInURLs.contains("s3cret-value"))
        #expect(config.secretsInURLs.contains("tok-123456789"))
        #expect(!config.secretsInURLs.contains("eu-west-1"))
        #expect(BackendConfig.withoutCredentials(config.baseURL!) == "https://api.example.com/v1?token=tok-123456789&region=eu-west-1")
        #expect(SecretRedactor(secrets: config.secretsInURLs).redact("at https://api.example.com/v1?token=tok-123456789")
            .contains("tok-123456789") == false)
    }
}
