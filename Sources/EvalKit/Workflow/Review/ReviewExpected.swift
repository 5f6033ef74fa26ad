/// Fills in each item's expected answer, which results do not store: from the eval set directories the run recorded
/// (`RecordedEvalSets`), when the case there is still the one that ran (same content hash). Otherwise the item says
/// why there is none.
public enum ReviewExpected {
    public static func fill(_ queue: inout ReviewQueue, store: any ResultStore) async throws {
        guard !queue.items.isEmpty else { return }
        let sets = try await RecordedEvalSets.load(store: store, runID: queue.runID)
        for index in queue.items.indices {
            let answer = sets.expectedAnswer(for: queue.items[index].record)
            queue.items[index].expected = answer.text
            queue.items[index].expectedNote = answer.note
        }
    }
}
