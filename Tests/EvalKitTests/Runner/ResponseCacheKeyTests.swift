import Foundation
import Testing
@testable import EvalKit

@Suite("The response cache's key and the cost budget's admission")
struct ResponseCacheKeyTests {
    static let backend = OpenAIChatBackend(name: "b", baseURL: URL(string: "http://127.0.0.1:9/v1")!, model: "m",
                                           apiKey: "sk-never-in-the-key", parameters: ["temperature": .number(0)])
    static let request = ChatRequest(messages: [ChatMessage(role: .user, content: "hi")])

    @Test("every part of the request as sent is in the key; the API key and the stream flag are not")
    func keyParts() {
        let key = Self.backend.identity(of: Self.request).key
        #expect(key.count == 64)
        #expect(Self.backend.identity(of: Self.request).key == key, "stable")
        #expect(Self.backend.identity(of: Self.request.sample(1)).key != key, "a repeat is its own entry")
        let other = ChatRequest(messages: [ChatMessage(role: .user, content: "hi!")])
        #expect(Self.backend.identity(of: other).key != key)
        let seeded = ChatRequest(messages: Self.request.messages, parameters: ["seed": .number(1)])
        #expect(Self.backend.identity(of: seeded).key != key)
        let formatted = ChatRequest(messages: Self.request.messages, replyFormat: .jsonSchema(name: "v", schema: .object([:])))
        #expect(Self.backend.identity(of: formatted).key != key)
        let hotter = OpenAIChatBackend(name: "b", baseURL: URL(string: "http://127.0.0.1:9/v1")!, model: "m", parameters: ["temperature": .number(1)])
        #expect(hotter.identity(of: Self.request).key != key)
        let otherModel = OpenAIChatBackend(name: "b", baseURL: URL(string: "http://127.0.0.1:9/v1")!, model: "m2", parameters: ["temperature": .number(0)])
        #expect(otherModel.identity(of: Self.request).key != key)
        let otherURL = OpenAIChatBackend(name: "b", baseURL: URL(string: "http://127.0.0.2:9/v1")!, model: "m", parameters: ["temperature": .number(0)])
        #expect(otherURL.identity(of: Self.request).key != key)
        let unkeyed = OpenAIChatBackend(name: "renamed", baseURL: URL(string: "http://127.0.0.1:9/v1")!, model: "m",
                                        parameters: ["temperature": .number(0)], stream: false)
        #expect(unkeyed.identity(of: Self.request).key == key, "no API key, another name, not streamed: the same question")
        #expect(!Self.backend.identity(of: Self.request).body.canonicalJSON.contains("sk-never"))
    }

    @Test("the budget admits while spent plus in flight is under it, waits on estimates, and stops once spent")
    func budgetAdmission() async {
        let budget = CostBudget(limitUSD: 1)
        func admitted() async -> Int? {
            if case .admitted(let ticket) = await budget.admit(firstEstimate: { 0.6 }) { return ticket }
            return nil
        }
        let first = await admitted(), second = await admitted()
        #expect(first != nil && second != nil, "0.6 in flight is under the budget")
        #expect(await budget.admit(firstEstimate: { 0.6 }) == .wait, "1.2 estimated in flight reaches it: wait for answers")
        await budget.settle(first!, costUSD: 0.3)
        let third = await admitted()
        #expect(third != nil, "0.3 spent + 0.6 in flight is under it; now estimated at the mean, 0.3")
        #expect(await budget.admit(firstEstimate: { 0.6 }) == .wait)
        await budget.settle(second!, costUSD: 0.5)
        await budget.settle(third!, costUSD: 0.4)
        #expect(await budget.admit(firstEstimate: { 0 }) == .stop, "1.2 spent: nothing more")
        #expect(await budget.exhausted)
        #expect(await budget.admit(firstEstimate: { 0 }) == .stop)
        #expect(abs(await budget.spentUSD - 1.2) < 1e-12)
    }
}
