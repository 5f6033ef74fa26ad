import Foundation

/// `evalctl.yaml`: the backends a run can use.
///
/// ```yaml
/// backends:
///   local:
///     type: llama-server
///     model_path: ~/.cache/evalctl/llama/models/SmolLM2-135M-Instruct.Q4_1.gguf
///   openai:
///     type: openai
///     base_url: https://api.openai.com/v1
///     model: gpt-4o-mini
///     api_key_env: OPENAI_API_KEY
/// ```
public struct EvalConfig: Sendable {
    public static let defaultFileName = "evalctl.yaml"
    /// Backends in file order.
    public var backends: [BackendConfig]
    public var path: String
    /// `max_cost_usd`: the budget of every run with this config, unless `--max-cost` says otherwise.
    public var maxCostUSD: Double?

    public init(backends: [BackendConfig], path: String = defaultFileName) {
        self.backends = backends
        self.path = path
    }

    public func backend(named name: String) -> BackendConfig? {
        backends.first { $0.name == name }
    }

    /// Reads and checks a config file, reporting every problem with its line; `types` read each backend type's keys
    /// (`BackendRegistry.standard` hands the built-in ones down, and `EvalConfig.load(path:environment:)` uses them).
    public static func load(path: String, environment: [String: String], types: [BackendTypeReader]) throws(InvalidInput) -> EvalConfig {
        let root: YAMLMapping
        do {
            root = try YAMLFile(url: URL(fileURLWithPath: path), displayPath: path).rootMapping()
        } catch {
            throw InvalidInput([error])
        }
        var problems: [InputProblem] = []
        problems += root.unknownKeys(known: ["backends", "max_cost_usd"], noun: "top-level key")
        var maxCost: Double?
        do {
            maxCost = try root.optionalDouble("max_cost_usd")
            if let maxCost, !(maxCost > 0) || !maxCost.isFinite {
                problems.append(root.problem("max_cost_usd", "max_cost_usd must be a positive number of US dollars, e.g. max_cost_usd: 5"))
            }
        } catch {
            problems.append(error)
        }
        var backends: [BackendConfig] = []
        do {
            let entries = try root.requiredMapping("backends")
            for name in entries.keys {
                do {
                    backends.append(try BackendConfigReader(name: name, entry: try entries.requiredMapping(name), environment: environment, types: types).read())
                } catch {
                    problems.append(error)
                }
            }
        } catch {
            problems.append(error)
        }
        if let entries = try? root.requiredMapping("backends") {
            // Every backend named in the file, read or not: one with a problem of its own is still a valid fallback.
            let names = entries.keys
            for backend in backends {
                for fallback in backend.fallback where fallback == backend.name || !names.contains(fallback) {
                    let entry = try? entries.requiredMapping(backend.name)
                    let message = fallback == backend.name
                        ? "backend '\(backend.name)': a backend cannot be its own fallback"
                        : "backend '\(backend.name)': fallback '\(fallback)' is not a backend in this file" + NameSuggestion.hint(for: fallback, among: names)
                    problems.append(InputProblem(file: path, line: entry?.line(of: "fallback"), message: message))
                }
            }
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        var config = EvalConfig(backends: backends, path: path)
        config.maxCostUSD = maxCost
        return config
    }
}
