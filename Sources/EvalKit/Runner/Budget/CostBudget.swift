import Foundation

/// A run's cost budget (`--max-cost`): counts what answers cost as they arrive and, once what is spent plus what is
/// in flight reaches the limit, admits no new cell. A cell in flight counts at an estimate until it is settled: the
/// mean cost of the cells settled so far, or before the first one, its prompt at the input price plus 256 tokens at
/// the output price.
public actor CostBudget {
    public let limitUSD: Double
    public private(set) var spentUSD: Double = 0
    private var inFlight: [Int: Double] = [:]
    private var nextTicket = 0
    private var settled = 0
    /// Once the budget turned a cell away, every later cell is turned away too: the run stops scheduling.
    public private(set) var exhausted = false

    public init(limitUSD: Double) {
        self.limitUSD = limitUSD
    }

    /// Whether a cell may be sent now.
    enum Admission: Sendable, Equatable {
        /// Send it; settle the ticket with what it cost.
        case admitted(ticket: Int)
        /// Spent plus in flight reaches the budget, but what is in flight is only estimated: wait for an answer.
        case wait
        /// What is spent reaches the budget (or nothing is in flight to wait for): schedule nothing more.
        case stop
    }

    func admit(firstEstimate: @Sendable () -> Double) -> Admission {
        guard !exhausted else { return .stop }
        let inFlightEstimate = inFlight.values.reduce(0, +)
        guard spentUSD + inFlightEstimate < limitUSD else {
            if inFlight.isEmpty || spentUSD >= limitUSD {
                exhausted = true
                return .stop
            }
            return .wait
        }
        nextTicket += 1
        inFlight[nextTicket] = settled == 0 ? firstEstimate() : spentUSD / Double(settled)
        return .admitted(ticket: nextTicket)
    }

    /// `$5.00`, or more digits for amounts under a cent.
    public static func dollars(_ amount: Double) -> String {
        amount >= 0.01 || amount == 0 ? String(format: "$%.2f", amount) : String(format: "$%.4g", amount)
    }

    /// The cell of `ticket` finished having cost `costUSD`.
    func settle(_ ticket: Int, costUSD: Double) {
        inFlight[ticket] = nil
        spentUSD += costUSD
        settled += 1
    }
}
