import Foundation

/// A backend whose answers are priced as they arrive (its `cost_per_mtok`), charged to the case being evaluated
/// (`CaseLedger`) as generation or judging. An answer from the response cache costs nothing.
public struct MeteredBackend: ModelBackend {
    public let base: any ModelBackend
    public let pricing: TokenPricing?
    public let role: BackendRole
    public var name: String { base.name }
    public var concurrency: Int { base.concurrency }

    public init(_ base: any ModelBackend, pricing: TokenPricing?, role: BackendRole) {
        self.base = base
        self.pricing = pricing
        self.role = role
    }

    public func start() async throws -> String { try await base.start() }
    public func identity(of request: ChatRequest) -> RequestIdentity { base.identity(of: request) }
    public func shutdown() async { await base.shutdown() }

    public func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        let completion = try await base.complete(request)
        if let pricing {
            CaseLedger.current?.charge(completion.cachedAt == nil ? pricing.cost(of: completion, for: request) : 0, for: role)
        }
        return completion
    }
}

extension TokenPricing {
    /// US dollars for an answer: its reported usage at these prices. A server that reports no usage is charged for an
    /// estimate (a token per 4 characters of the messages and of the answer), so a budget still holds.
    public func cost(of completion: ChatCompletion, for request: ChatRequest) -> Double {
        let prompt = completion.promptTokens ?? Self.estimatedTokens(request.messages.reduce(0) { $0 + $1.content.utf8.count })
        let output = completion.completionTokens ?? Self.estimatedTokens(completion.content.utf8.count)
        return cost(promptTokens: prompt, completionTokens: output)
    }

    public func cost(promptTokens: Int, completionTokens: Int) -> Double {
        (Double(promptTokens) * inputPerMillion + Double(completionTokens) * outputPerMillion) / 1_000_000
    }

    static func estimatedTokens(_ bytes: Int) -> Int { (bytes + 3) / 4 }
}
