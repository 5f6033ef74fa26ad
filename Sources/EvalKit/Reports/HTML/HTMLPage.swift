/// A complete, self-contained HTML document around a report body: no scripts, no external fonts,
/// stylesheets or images, so the file opens from disk, can be mailed or archived, and prints well.
///
/// The body is trusted markup: build it from `HTMLText`-escaped strings and chart SVG. The page
/// adds a Content-Security-Policy that forbids scripts and remote resources, as a second line of
/// defence should an unescaped string ever slip through. The output is also well-formed XML when
/// the body is, which lets tests check a whole report with an XML parser.
///
/// The built-in stylesheet (`HTMLPage.stylesheet`) styles plain elements (`h1`–`h3`, `table`,
/// `pre`, `code`) and these classes:
/// - `figure.chart` around a chart's SVG, with an optional `figcaption`; never split across pages.
/// - `td.num` / `th.num` for right-aligned numbers with tabular digits; `td.nowrap` for cells kept on one line.
/// - `table.compact` for wide tables (smaller text and padding); `div.scroll` around a table that may be wider than
///   the screen scrolls sideways instead of overflowing the page.
/// - `.muted`, `.regression`, `.improvement` for secondary text and good or bad changes.
/// - any element with an `id` is outlined when a chart point links to it (`:target`).
///
/// ```swift
/// let anchor = HTMLFragmentID("run-42")
/// let body = """
///     <h1>Drift: \(HTMLText.text(evalSet.name))</h1>
///     <figure class="chart"><figcaption>Pass rate</figcaption>\(chart.svg())</figure>
///     <h2 id="\(anchor.id)">Run 42</h2>
///     """
/// try HTMLPage(title: "Drift report", body: body).html().write(to: url, atomically: true, encoding: .utf8)
/// ```
public struct HTMLPage: Sendable {
    /// The document title shown in the browser tab; escaped.
    public var title: String
    /// The markup inside `<body>`; inserted as is.
    public var body: String
    /// The document language, for hyphenation and screen readers.
    public var language: String

    public init(title: String, body: String, language: String = "en") {
        self.title = title
        self.body = body
        self.language = language
    }

    /// No scripts, no network: only inline styles and `data:` images are allowed.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

    /// System fonts only, so nothing is downloaded and text looks native on every platform.
    public static let fontStack = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif"

    /// The whole document, starting with `<!DOCTYPE html>`.
    public func html() -> String {
        """
        <!DOCTYPE html>
        <html lang="\(HTMLText.attribute(language))">
        <head>
        <meta charset="utf-8"/>
        <meta http-equiv="Content-Security-Policy" content="\(HTMLText.attribute(Self.contentSecurityPolicy))"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>\(HTMLText.text(title))</title>
        <style>
        \(Self.stylesheet)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }
}
