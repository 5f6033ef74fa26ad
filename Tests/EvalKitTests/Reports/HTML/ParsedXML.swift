import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The elements of an SVG or XHTML string, parsed with Foundation's XMLParser so a test fails
/// when the markup is not well-formed, and can then look at elements, attributes and text.
struct ParsedXML {
    struct Element {
        let name: String
        let attributes: [String: String]
        /// Text directly inside this element (not inside its children).
        var text: String
        /// Names of the enclosing elements, outermost first.
        let ancestors: [String]

        func has(class name: String) -> Bool {
            attributes["class"]?.split(separator: " ").contains(Substring(name)) == true
        }

        func number(_ attribute: String) -> Double? {
            attributes[attribute].flatMap(Double.init)
        }
    }

    struct NotWellFormed: Error, CustomStringConvertible {
        let description: String
    }

    let elements: [Element]

    init(_ xml: String) throws {
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse() else {
            throw NotWellFormed(description: "line \(parser.lineNumber), column \(parser.columnNumber): "
                + String(describing: parser.parserError))
        }
        elements = collector.elements
    }

    func all(_ name: String) -> [Element] {
        elements.filter { $0.name == name }
    }

    func all(class name: String) -> [Element] {
        elements.filter { $0.has(class: name) }
    }

    /// All text in the document, element by element.
    var texts: [String] { elements.map(\.text) }
}

private final class Collector: NSObject, XMLParserDelegate {
    var elements: [ParsedXML.Element] = []
    private var open: [Int] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        let ancestors = open.map { elements[$0].name }
        elements.append(ParsedXML.Element(name: elementName, attributes: attributes, text: "", ancestors: ancestors))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard let current = open.last else { return }
        elements[current].text += string
    }
}
