/// Builds SVG text element by element, escaping every attribute value and text node.
///
/// Chart code never concatenates caller strings into markup itself; it goes through `element`,
/// `open` and `title`, which escape with `HTMLText`. Numbers go through `DecimalText.coordinate`.
struct SVGMarkup {
    /// Attributes in order; those whose value is `nil` are left out.
    typealias Attributes = KeyValuePairs<String, String?>

    private(set) var text = ""

    /// `<name a="…"/>`, or `<name a="…">content</name>` when `content` is given (escaped).
    mutating func element(_ name: String, _ attributes: Attributes, content: String? = nil) {
        appendStartTag(name, attributes)
        if let content {
            text += ">" + HTMLText.text(content) + "</" + name + ">"
        } else {
            text += "/>"
        }
    }

    /// `<name a="…">`; close it with `close(name)`.
    mutating func open(_ name: String, _ attributes: Attributes = [:]) {
        appendStartTag(name, attributes)
        text += ">"
    }

    mutating func close(_ name: String) {
        text += "</" + name + ">"
    }

    /// A tooltip for the enclosing element: `<title>…</title>` (escaped).
    mutating func title(_ tooltip: String) {
        text += "<title>" + HTMLText.text(tooltip) + "</title>"
    }

    /// A text node (escaped), for elements opened with `open`.
    mutating func content(_ string: String) {
        text += HTMLText.text(string)
    }

    /// Markup that is already safe, such as a shape from `ChartSeriesStyle.pointShape`.
    mutating func appendTrusted(_ markup: String) {
        text += markup
    }

    private mutating func appendStartTag(_ name: String, _ attributes: Attributes) {
        text += "<" + name
        for (key, value) in attributes {
            guard let value else { continue }
            text += " " + key + "=\"" + HTMLText.attribute(value) + "\""
        }
    }
}
