import Foundation
import Testing
@testable import EvalKit

@Test func probe() throws {
    for name in ["valid", "expansion", "unknown-type", "unknown-key", "openai-missing-base-url", "openai-missing-model", "llama-url-and-model-path", "llama-no-server", "negative-max-retries", "params-not-mapping", "every-backend-broken"] {
        print("== \(name)")
        do {
            let c = try EvalConfig.load(path: TestFixtures.config(name + ".yaml"), environment: ["HOME": "/home/tester", "MODELS": "/data/models", "MODEL_NAME": "smol", "LLAMA_HOME": "/opt/llama", "API_HOST": "api.example.com"])
            for b in c.backends { print(b) }
        } catch { print(error) }
    }
}
