// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Synchronization

/// Where the master reads time: a monotonic instant for deadlines (offer timeouts, pings, failover, heartbeats,
/// filters) and the wall clock for the timestamps it reports.
///
/// Every time-based decision of the master goes through this, so tests drive time with ``ManualMasterClock``
/// instead of waiting.
public protocol MasterClock: Sendable {
    /// The current monotonic instant.
    var now: ContinuousClock.Instant { get }

    /// Seconds since the Unix epoch, for `timestamp` and `registered_time` fields.
    var wallTime: Double { get }
}

/// The real clocks.
public struct SystemMasterClock: MasterClock {
    /// Creates the clock.
    public init() {}

    /// `ContinuousClock.now`.
    public var now: ContinuousClock.Instant { ContinuousClock.now }

    /// The system's wall clock.
    public var wallTime: Double { Date().timeIntervalSince1970 }
}

/// A clock that moves only when told to, for tests and simulations.
public final class ManualMasterClock: MasterClock {
    private struct State {
        var offset: Duration
    }

    private let base: ContinuousClock.Instant
    private let wallBase: Double
    private let state = Mutex(State(offset: .zero))

    /// Creates a clock standing at the current instant and wall time.
    public init() {
        base = ContinuousClock.now
        wallBase = Date().timeIntervalSince1970
    }

    /// The instant the clock stands at.
    public var now: ContinuousClock.Instant { base + state.withLock { $0.offset } }

    /// The wall time the clock stands at.
    public var wallTime: Double {
        let offset = state.withLock { $0.offset }
        return wallBase + Double(offset.components.seconds) + Double(offset.components.attoseconds) / 1e18
    }

    /// Moves the clock forward.
    public func advance(by duration: Duration) {
        precondition(duration >= .zero, "a clock does not go backwards")
        state.withLock { $0.offset += duration }
    }
}
