import Foundation
import Testing
@testable import EvalKit

@Suite("Review session keys and screen")
struct ReviewSessionTests {
    static func session() async throws -> ReviewSession {
        let store = try SQLiteStore.inMemory()
        let run = try await ReviewFixture.write(into: store)
        return ReviewSession(queue: try await ReviewQueue.load(store: store, runID: run.runID, kinds: ReviewQueueKind.standard), reviewer: "ana")
    }

    @Test("p labels and moves on; n takes a note then p or f; s skips; b goes back; q quits")
    func keys() async throws {
        var session = try await Self.session()
        guard case .save(let first) = session.handle(.character("p")) else { Issue.record("p did not save"); return }
        #expect(first.label == .pass && first.note == nil && first.reviewer == "ana")
        session.saved(first)
        #expect(session.index == 1)
        for key: ReviewSession.Key in [.character("n"), .character("t"), .character("o"), .character("x"), .backspace, .enter] {
            #expect(session.handle(key) == .redraw)
        }
        guard case .save(let noted) = session.handle(.character("f")) else { Issue.record("f after a note did not save"); return }
        #expect(noted.label == .fail && noted.note == "to" && noted.resultID == session.queue.items[1].id)
        session.saved(noted)
        #expect(session.handle(.character("s")) == .redraw)
        #expect(session.index == 3)
        #expect(session.handle(.character("b")) == .redraw)
        #expect(session.index == 2)
        #expect(session.handle(.character("q")) == .quit)
        #expect(session.queue.items[1].label(by: "ana")?.note == "to")
    }

    @Test("the screen fits 80×24, shows why the item is queued and its output, and never passes an escape sequence")
    func screenFitsAndIsSanitized() async throws {
        var session = try await Self.session()
        session.saved(ReviewLabel(resultID: session.queue.items[0].id, reviewer: "ana", label: .pass, labelledAt: Date()))
        let lines = session.screen(width: 80, height: 24)
        #expect(lines.count == 24)
        #expect(lines.allSatisfy { $0.count <= 80 })
        let text = lines.joined(separator: "\n")
        #expect(text.contains("item 2 of 4"))
        #expect(text.contains("why: failed: exact"))
        #expect(text.contains("Lyon"))
        #expect(text.contains("user: Question b-failed?"))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    @Test("a long output is cut with a way to see more, and m shows it whole")
    func longOutputIsCut() async throws {
        var session = try await Self.session()
        let item = session.queue.items[0]
        var long = item.result
        long.result = Stored(id: item.id, { var record = item.record; record.output = (1...40).map { "line \($0)" }.joined(separator: "\n"); return record }())
        var screen = ReviewScreen(item: ReviewItem(result: long, reasons: item.reasons, labels: []), position: 0, count: 1, runID: 1,
                                  queueName: "flagged", reviewer: "ana", status: "")
        #expect(screen.lines(width: 80, height: 24).contains { $0.contains("more lines (m: more)") })
        #expect(!screen.lines(width: 80, height: 24).contains { $0.contains("line 40") })
        screen.expanded = true
        screen.scroll = screen.maximumScroll(width: 80, height: 24)
        #expect(screen.lines(width: 80, height: 24).contains { $0.contains("line 40") })
        #expect(session.handle(.character("m")) == .redraw)
    }

    @Test("wide characters count two columns: a line of them is wrapped and cut by columns, not characters")
    func wideCharactersFitByColumns() {
        let wrapped = ReviewScreen.wrap(String(repeating: "東", count: 50), width: 20)
        #expect(wrapped.count == 5)
        #expect(wrapped.allSatisfy { ReviewScreen.columns($0) <= 20 })
        let cut = ReviewScreen.fit("ab" + String(repeating: "京", count: 50), width: 11)
        #expect(cut == "ab京京京京…")
        #expect(ReviewScreen.columns(cut) <= 11)
    }

    @Test("prose wraps at spaces, never splitting a word a line could hold; one long word is still cut to fit")
    func wrapsAtSpaces() {
        let wrapped = ReviewScreen.wrap("not stored with results, and run 60 did not record its eval set directories", width: 30)
        #expect(wrapped == ["not stored with results, and", "run 60 did not record its eval", "set directories"])
        let word = ReviewScreen.wrap("x " + String(repeating: "y", count: 45), width: 20)
        #expect(word.allSatisfy { ReviewScreen.columns($0) <= 20 })
        #expect(word.joined().filter { $0 == "y" }.count == 45, "nothing is lost")
    }
}
