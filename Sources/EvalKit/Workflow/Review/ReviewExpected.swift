import Foundation

/// Fills in each item's expected answer, which results do not store: from the eval set directories the run recorded
/// (`RunPlan.evalsets`, relative to where the run started), when the case there is still the one that ran (same
/// content hash). Otherwise the item says why there is none.
public enum ReviewExpected {
    public static func fill(_ queue: inout ReviewQueue, store: any ResultStore) async throws {
        guard !queue.items.isEmpty else { return }
        let run = try await store.summary(ofRun: queue.runID).run.fields
        guard let plan = run.plan.flatMap(RunPlan.decode) else {
            for index in queue.items.indices {
                queue.items[index].expectedNote = "not stored with results, and run \(queue.runID) did not record its eval set directories"
            }
            return
        }
        var evalSets: [String: (path: String, set: EvalSet)] = [:]
        for path in plan.evalsets {
            guard let evalSet = try? EvalSetLoader().load(path) else { continue }
            evalSets[evalSet.name] = (path, evalSet)
        }
        for index in queue.items.indices {
            let record = queue.items[index].record
            guard let (path, evalSet) = evalSets[record.evalset] else {
                queue.items[index].expectedNote = "not stored with results, and eval set '\(record.evalset)' was not found in \(plan.evalsets.joined(separator: ", "))"
                continue
            }
            guard let evalCase = evalSet.cases.first(where: { $0.id == record.caseID }) else {
                queue.items[index].expectedNote = "case \(record.caseID) is no longer in \(path)"
                continue
            }
            guard evalCase.contentHash == record.caseHash else {
                queue.items[index].expectedNote = "case \(record.caseID) changed in \(path) since the run"
                continue
            }
            queue.items[index].expected = evalCase.expected.plainText
            queue.items[index].expectedNote = "from \(path)"
        }
    }
}
