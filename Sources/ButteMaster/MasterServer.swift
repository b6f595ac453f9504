// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Hummingbird
import Logging
import ServiceLifecycle

/// A master serving HTTP: the ``Master`` actor, its ``MasterService`` and the Hummingbird application, run in one
/// service group.
public struct MasterServer: Service {
    /// The master.
    public let master: Master

    /// Its settings.
    public let configuration: MasterConfiguration

    let logger: Logger
    let onRunning: @Sendable (Int) async -> Void

    /// Creates a server for a master whose ``Master/recover()`` has run.
    /// - Parameter onRunning: Called with the bound port once the server listens.
    public init(master: Master, configuration: MasterConfiguration, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.master = master
        self.configuration = configuration
        self.logger = logger
        self.onRunning = onRunning
    }

    /// Serves until cancelled or gracefully shut down.
    ///
    /// The master service is listed last so that it stops first (a group stops its services in reverse order):
    /// it ends the event streams, after which the
    /// HTTP server's graceful shutdown does not wait on them.
    public func run() async throws {
        let router = MasterRoutes.router(master: master, configuration: configuration)
        let onRunning = self.onRunning
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(configuration.ip, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: application),
                    .init(service: MasterService(master: master)),
                ],
                logger: logger
            )
        )
        try await group.run()
    }
}
