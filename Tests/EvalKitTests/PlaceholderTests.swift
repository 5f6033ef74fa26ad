import Testing
@testable import EvalKit
@Test func placeholder() { #expect(EvalKitVersion.current.isEmpty == false) }
