import Foundation

extension HTMLReport {
    /// The review queues of the newest run: each queue's depth (items no one has labelled) and how long its oldest
    /// unlabelled item has waited. Left out when no result of the run is flagged, failed or judged in disagreement.
    func reviewSection(_ review: ReviewQueueStatus) -> String {
        let queues = review.queues.filter { $0.kind != .all }
        guard queues.contains(where: { $0.items > 0 }) else { return "" }
        let depth = review.queues.first { $0.kind == .flagged }?.depth ?? 0
        var html = """
            <h2 id="review">Review queue: \(depth) flagged result\(depth == 1 ? "" : "s") unreviewed</h2>
            <p class="muted">Run \(Self.runLink(review.runID)). Depth counts items no one has labelled; label them with <code>evalctl review</code> (see docs/review.md).</p>
            <div class="scroll"><table><thead><tr><th>queue</th><th class="num">items</th><th class="num">unreviewed</th><th>oldest unreviewed</th><th>labelled by</th></tr></thead><tbody>

            """
        for queue in queues {
            let age = queue.oldestUnreviewedAge(at: generatedAt).map(ReviewStatusReport.age) ?? "-"
            let by = queue.labelledBy.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            html += "<tr><td>\(HTMLText.text(queue.kind.rawValue))</td><td class=\"num\">\(queue.items)</td><td class=\"num\">\(queue.depth)</td>"
                + "<td>\(HTMLText.text(age))</td><td>\(HTMLText.text(by.isEmpty ? "-" : by))</td></tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }
}
