import Testing
@testable import EvalKit

@Suite("Input problem")
struct InputProblemTests {
    @Test("a problem prints as file:line: message, the form editors jump to")
    func withLine() {
        #expect(InputProblem(file: "sets/a/cases.jsonl", line: 3, message: "malformed JSON").description == "sets/a/cases.jsonl:3: malformed JSON")
    }

    @Test("a problem without a line prints as file: message")
    func withoutLine() {
        #expect(InputProblem(file: "sets/a/evalset.yaml", line: nil, message: "cannot read file").description == "sets/a/evalset.yaml: cannot read file")
    }

    @Test("invalid input prints every problem, one a line, in order")
    func invalidInput() {
        let input = InvalidInput([
            InputProblem(file: "a.yaml", line: 1, message: "first"),
            InputProblem(file: "b.jsonl", line: nil, message: "second"),
        ])
        #expect(input.description == "a.yaml:1: first\nb.jsonl: second")
    }
}

@Suite("Input problem columns")
struct InputProblemColumnTests {
    @Test("a problem at one spot of a line prints as file:line:column: message")
    func withColumn() {
        #expect(InputProblem(file: "cases.jsonl", line: 2, column: 48, message: "not valid UTF-8").description == "cases.jsonl:2:48: not valid UTF-8")
    }

    @Test("a column without a line is dropped, as it locates nothing")
    func columnWithoutLine() {
        #expect(InputProblem(file: "a.yaml", line: nil, column: 3, message: "x").description == "a.yaml: x")
    }
}
