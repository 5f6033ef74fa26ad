extension CaseExplorer {
    /// The report stylesheet with the explorer's additions: status colours that also differ by weight and border (so
    /// they read in greyscale), collapsible cases, the side-by-side columns and the diff's insertions and deletions.
    static let stylesheet = HTMLPage.stylesheet + """

        .chips { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 0.4em 0; }
        .chips-title { font-weight: 600; margin-right: 4px; }
        button.chip, button.more { font: inherit; font-size: 14px; padding: 3px 10px; border: 1px solid #bbb;
          border-radius: 14px; background: #fff; cursor: pointer; }
        button.chip[aria-pressed=true] { background: #222; color: #fff; border-color: #222; }
        button.more { margin: 1em 0; border-radius: 4px; }
        .search { display: flex; gap: 12px; align-items: center; margin: 0.6em 0 1em; }
        .search input { flex: 1; max-width: 640px; font: inherit; padding: 5px 8px; border: 1px solid #bbb; border-radius: 4px; }
        h3.suite { margin-top: 1.4em; }
        details.case { border: 1px solid #e3e3e3; border-radius: 4px; margin: 4px 0; background: #fff; }
        details.case[open] { border-color: #999; }
        details.case > summary { cursor: pointer; padding: 5px 8px; display: flex; gap: 8px; align-items: baseline; list-style: none; }
        details.case > summary::-webkit-details-marker { display: none; }
        details.case > summary::before { content: "▸"; color: #666; width: 0.8em; flex: none; }
        details.case[open] > summary::before { content: "▾"; }
        h3.suite .muted { font-weight: normal; font-size: 14px; }
        .case-id { font-weight: 600; white-space: nowrap; }
        .preview { color: #555; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; flex: 1; }
        .badge { font-size: 12px; padding: 0 6px; border-radius: 3px; border: 1px solid #999; white-space: nowrap; }
        .badge.st-passed, td.st-passed { color: #1a7f37; }
        .badge.st-passed { border-color: #1a7f37; }
        .badge.st-failed, td.st-failed { color: #b00020; font-weight: 600; }
        .badge.st-failed { border-color: #b00020; border-width: 2px; }
        .badge.st-error { color: #fff; background: #6e3b00; border-color: #6e3b00; font-weight: 600; }
        .badge.st-skipped, .badge.st-absent { color: #666; border-style: dashed; }
        .tag { font-size: 12px; color: #555; white-space: nowrap; }
        .tag.k-status { color: #b00020; font-weight: 600; }
        .tag.k-one { font-style: italic; }
        .tag.k-refused { color: #8a4b00; font-weight: 600; margin-left: 6px; }
        .case-body { padding: 0 10px 8px; border-top: 1px solid #eee; }
        .case-body h4 { margin: 0.8em 0 0.2em; font-size: 14px; }
        .case-body pre { margin: 0.2em 0; max-height: 480px; overflow: auto; }
        .message { margin: 0.3em 0; }
        .role { font-size: 12px; font-weight: 600; color: #555; text-transform: uppercase; }
        .cut { color: #9a6700; font-size: 13px; margin: 0.2em 0; }
        .sides { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
        .side { min-width: 0; }
        .side-title { display: flex; gap: 8px; align-items: baseline; }
        ins { background: #d3f5dc; text-decoration: underline; text-decoration-color: #1a7f37; }
        del { background: #fbd9dd; text-decoration: line-through; text-decoration-color: #b00020; }
        table.scores td.reason { white-space: pre-wrap; overflow-wrap: anywhere; }
        @media (max-width: 800px) { .sides { grid-template-columns: 1fr; } }
        """
}
