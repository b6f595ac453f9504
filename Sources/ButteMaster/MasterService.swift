// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ServiceLifecycle

/// Drives a ``Master``'s deadlines: calls ``Master/tick()`` every `tickInterval` until graceful shutdown, then
/// ends every event stream so the HTTP server can drain.
public struct MasterService: Service {
    /// The master driven.
    public let master: Master

    /// How often deadlines are checked.
    public let tickInterval: Duration

    /// Creates the service.
    public init(master: Master, tickInterval: Duration = .milliseconds(100)) {
        self.master = master
        self.tickInterval = tickInterval
    }

    /// Ticks until graceful shutdown or cancellation, then closes the streams.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await master.tick()
                do {
                    try await Task.sleep(for: tickInterval)
                } catch {
                    break
                }
            }
        }
        await master.closeAllStreams()
    }
}
