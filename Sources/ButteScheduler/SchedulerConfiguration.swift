// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation

/// How a scheduler runs: where the master is, what it listens on, how it registers.
public struct SchedulerConfiguration: Sendable {
    /// The master, `host:port` (`http://` optional).
    public var master: String
    /// Address the REST API listens on.
    public var httpAddress: String = "0.0.0.0"
    /// Port of the REST API (0: pick a free one).
    public var httpPort: Int = 8080
    /// Hostname advertised to the master and in `/v2/leader`.
    public var hostname: String
    /// Framework name.
    public var frameworkName: String = "marathon"
    /// Seconds the master keeps tasks while the scheduler is away.
    public var failoverTimeout: Double = 604_800
    /// `user:password` required by the REST API, if any.
    public var httpCredentials: (user: String, password: String)?
    /// Role of the framework.
    public var mesosRole: String?
    /// Directory of the local store (nil: state in memory only).
    public var workDir: String?
    /// Whether apps may ask for privileged containers.
    public var allowPrivileged = false
    /// The user tasks run as when an app sets none.
    public var defaultUser: String = "root"
    /// Seconds an offer is refused for after a decline when nothing is waiting.
    public var declineOfferSeconds: Double = 120
    /// Seconds between the health-check scheduler's passes.
    public var healthCheckTick: Duration = .milliseconds(200)

    /// A configuration with defaults.
    public init(master: String, hostname: String) {
        self.master = master
        self.hostname = hostname
    }
}
