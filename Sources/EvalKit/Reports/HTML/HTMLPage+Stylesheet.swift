extension HTMLPage {
    /// The page's only stylesheet, inlined into `<style>`: readable tables, charts at full width,
    /// and print rules that keep charts and table rows whole and drop screen-only decoration.
    ///
    /// It contains no `<` or `&`, so the page stays well-formed XML.
    public static let stylesheet = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1200px; padding: 24px; font-family: \(fontStack);
          font-size: 15px; line-height: 1.45; color: #222; background: #fff; }
        h1 { font-size: 1.6em; margin: 0 0 0.4em; }
        h2 { font-size: 1.25em; margin: 1.6em 0 0.5em; padding-bottom: 0.2em; border-bottom: 1px solid #ddd; }
        h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; }
        a { color: #0b5cad; }
        figure.chart { margin: 1em 0 1.5em; }
        figure.chart figcaption { font-weight: 600; margin-bottom: 0.3em; }
        svg.chart { display: block; width: 100%; height: auto; }
        svg.sparkline { vertical-align: middle; }
        table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1.5em; font-size: 14px; }
        th, td { padding: 4px 8px; border-bottom: 1px solid #e3e3e3; text-align: left; vertical-align: top;
          overflow-wrap: break-word; }
        div.scroll { overflow-x: auto; }
        th { background: #f4f4f4; font-weight: 600; white-space: nowrap; }
        td.nowrap { white-space: nowrap; }
        table.compact { font-size: 13px; }
        table.compact th, table.compact td { padding: 3px 6px; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tbody tr:nth-child(even) { background: #fafafa; }
        pre, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace; font-size: 13px; }
        pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; padding: 8px; border-radius: 4px; }
        .muted { color: #666; }
        .regression { color: #b00020; font-weight: 600; }
        .improvement { color: #1a7f37; }
        .inconclusive { color: #9a6700; font-weight: 600; }
        :target { outline: 2px solid #E69F00; outline-offset: 2px; }
        @media print {
          body { max-width: none; padding: 0; font-size: 11pt; }
          a { color: inherit; text-decoration: none; }
          figure.chart, svg, tr, pre { break-inside: avoid; page-break-inside: avoid; }
          h1, h2, h3, figcaption { break-after: avoid; page-break-after: avoid; }
          thead { display: table-header-group; }
          div.scroll { overflow: visible; }
          table.compact { font-size: 8pt; }
          tbody tr:nth-child(even) { background: none; }
          :target { outline: none; }
          @page { margin: 15mm; }
        }
        """
}
