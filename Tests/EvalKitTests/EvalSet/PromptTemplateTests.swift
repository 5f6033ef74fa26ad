import Testing
@testable import EvalKit

@Suite("Prompt template")
struct PromptTemplateTests {
    @Test("HTML-significant characters and quotes reach the output unescaped, in every tag form")
    func noHTMLEscaping() throws {
        let template = try PromptTemplate(#"<p>{{text}}|{{{text}}}|{{&text}}</p>"#)
        let text = #"<b>&"it's"</b>"#
        #expect(template.render(["text": .string(text)]) == "<p>\(text)|\(text)|\(text)</p>")
    }

    @Test("whole numbers render without a decimal point; fractions and negatives as written")
    func numbers() throws {
        let template = try PromptTemplate("{{a}} {{b}} {{c}} {{d}}")
        #expect(template.render(["a": .number(7), "b": .number(2.5), "c": .number(-3), "d": .number(0)]) == "7 2.5 -3 0")
    }

    @Test("booleans choose between a section and its inverted section")
    func booleanSections() throws {
        let template = try PromptTemplate("{{#formal}}Dear sir{{/formal}}{{^formal}}Hi{{/formal}}")
        #expect(template.render(["formal": .bool(true)]) == "Dear sir")
        #expect(template.render(["formal": .bool(false)]) == "Hi")
    }

    @Test("a list renders its section once per item, in order")
    func listSections() throws {
        let template = try PromptTemplate("{{#items}}[{{.}}]{{/items}}")
        #expect(template.render(["items": .array([.string("a"), .number(1), .string("<c>")])]) == "[a][1][<c>]")
        #expect(template.render(["items": .array([])]) == "")
    }

    @Test("a section over a list of objects reads each object's fields")
    func listOfObjects() throws {
        let template = try PromptTemplate("{{#people}}{{name}} ({{age}}); {{/people}}")
        let people: JSONValue = .array([
            .object(["name": .string("Ada"), "age": .number(36)]),
            .object(["name": .string("Alan"), "age": .number(41)]),
        ])
        #expect(template.render(["people": people]) == "Ada (36); Alan (41); ")
    }

    @Test("dotted names reach into nested objects")
    func dottedNames() throws {
        let template = try PromptTemplate("{{city.name}} is in {{city.country.name}}")
        let city: JSONValue = .object(["name": .string("Lyon"), "country": .object(["name": .string("France")])])
        #expect(template.render(["city": city]) == "Lyon is in France")
    }

    @Test("an object rendered directly is compact JSON with sorted keys")
    func objectAsJSON() throws {
        let template = try PromptTemplate("{{point}}")
        #expect(template.render(["point": .object(["y": .number(2), "x": .number(1)])]) == #"{"x":1,"y":2}"#)
    }

    @Test("missingVariables lists each absent top-level name once, sorted, including sections and dotted names")
    func missingVariables() throws {
        let template = try PromptTemplate("{{b}} {{a}} {{b}} {{c.d}} {{#e}}x{{/e}} {{^f}}y{{/f}}")
        #expect(template.missingVariables(in: ["a": .string("present")]) == ["b", "c", "e", "f"])
        let all: [String: JSONValue] = ["a": .string(""), "b": .number(1), "c": .object(["d": .bool(true)]), "e": .bool(false), "f": .bool(true)]
        #expect(template.missingVariables(in: all) == [])
    }

    @Test("a variable given as null is provided, and renders as nothing")
    func nullVariable() throws {
        let template = try PromptTemplate("[{{hint}}]")
        #expect(template.missingVariables(in: ["hint": .null]) == [])
        #expect(template.render(["hint": .null]) == "[]")
    }

    @Test("an unclosed section is a ParseError that gives the line")
    func unclosedSection() throws {
        let error = #expect(throws: PromptTemplate.ParseError.self) {
            try PromptTemplate("Question: {{question}}\n{{#hints}}Hint: {{.}}\nAnswer:")
        }
        #expect(error?.line == 3)
        #expect(error?.message.contains("line 3") == true)
    }

    @Test("a mismatched closing tag reports the same column on the first line as on any other")
    func parseErrorColumn() throws {
        let onFirstLine = #expect(throws: PromptTemplate.ParseError.self) { try PromptTemplate("{{#a}}x{{/b}}") }
        let onSecondLine = #expect(throws: PromptTemplate.ParseError.self) { try PromptTemplate("intro\n{{#a}}x{{/b}}") }
        #expect(onFirstLine?.line == 1)
        #expect(onSecondLine?.line == 2)
        let column = { (message: String?) in message?.split(separator: "column ").last.map(String.init) }
        #expect(column(onFirstLine?.message) != nil)
        #expect(column(onFirstLine?.message) == column(onSecondLine?.message))
    }

    @Test("line(of:) finds the line of the tag naming the variable, not of a longer name that contains it")
    func lineOfVariable() throws {
        let template = try PromptTemplate("Context: {{question_context}}\n{{#items}}{{ q }}{{/items}}\n{{q.text}}")
        #expect(template.line(of: "q") == 2)
        #expect(template.line(of: "items") == 2)
        #expect(template.line(of: "question_context") == 1)
        #expect(template.line(of: "question") == nil)
        #expect(template.line(of: "absent") == nil)
    }

    @Test("the source is kept exactly as given")
    func sourceKept() throws {
        let source = "  {{x}}\n\t<tail>  "
        #expect(try PromptTemplate(source).source == source)
    }
}
