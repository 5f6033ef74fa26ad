import Foundation
import GRDB

extension SQLiteStore {
    /// Every shift `drift` has delivered, oldest first.
    public func driftAlerts() async throws -> [DriftAlert] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT evalset, prompt_id, backend, metric, direction, change_run_id, alarm_run_id, delivered_at, summary
                FROM drift_alerts ORDER BY id
                """).map { row in
                DriftAlert(suite: SuiteKey(evalset: row["evalset"], promptID: row["prompt_id"], backend: row["backend"]),
                           metric: row["metric"], direction: ShiftDirection(rawValue: row["direction"]) ?? .down, changeRunID: row["change_run_id"],
                           alarmRunID: row["alarm_run_id"], deliveredAt: row["delivered_at"], summary: row["summary"])
            }
        }
    }

    /// Records shifts as delivered, in one transaction.
    public func recordDriftAlerts(_ alerts: [DriftAlert]) async throws {
        guard !alerts.isEmpty else { return }
        try await pool.write { db in
            for alert in alerts {
                try db.execute(sql: """
                    INSERT INTO drift_alerts (evalset, prompt_id, backend, metric, direction, change_run_id, alarm_run_id, delivered_at, summary)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [alert.suite.evalset, alert.suite.promptID, alert.suite.backend, alert.metric, alert.direction.rawValue,
                                     alert.changeRunID, alert.alarmRunID, alert.deliveredAt, alert.summary])
            }
        }
    }
}
