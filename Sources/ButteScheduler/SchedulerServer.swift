// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import ButteProtocol
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// `butte scheduler`: the REST API and web UI, the driver connected to the master, and the health prober, over
/// one core and one store.
public struct SchedulerServer: Service {
    /// The configuration.
    public let configuration: SchedulerConfiguration
    /// Logger of every part.
    public let logger: Logger
    private let onListening: @Sendable (Int) async -> Void

    /// A server; `onListening` gets the bound port once the REST API accepts connections.
    public init(configuration: SchedulerConfiguration, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.configuration = configuration
        self.logger = logger
        self.onListening = onListening
    }

    /// The store the configuration asks for: files under `work_dir`, or memory.
    func makeStore() throws -> any SchedulerStore {
        if let workDir = configuration.workDir {
            return try LocalSchedulerStore(directory: URL(fileURLWithPath: workDir))
        }
        return MemorySchedulerStore()
    }

    /// Serves until cancelled or until a graceful shutdown.
    /// - Throws: when the store cannot be read or the port cannot be bound.
    public func run() async throws {
        let events = EventBus()
        let core = SchedulerCore(configuration: configuration, store: try makeStore(), events: events, logger: logger)
        try await core.restore()
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.redirectConfiguration = .disallow
        clientConfiguration.timeout.connect = .seconds(5)
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)
        let port = MutexBox(configuration.httpPort)
        let hostname = configuration.hostname
        let frameworkInfo = FrameworkInfo(
            user: configuration.defaultUser,
            name: configuration.frameworkName,
            failoverTimeout: configuration.failoverTimeout,
            checkpoint: true,
            role: configuration.mesosRole,
            hostname: hostname,
            webuiURL: "http://\(hostname):\(configuration.httpPort)",
            capabilities: []
        )
        let driver = MesosSchedulerDriver(master: configuration.master, frameworkInfo: frameworkInfo, core: core, client: client, logger: logger)
        await core.attach(driver)
        let api = SchedulerAPI(
            core: core,
            events: events,
            credentials: configuration.httpCredentials,
            leader: { "\(hostname):\(port.get())" },
            abdicate: { driver.resubscribe() }
        )
        let onListening = self.onListening
        let app = Application(
            responder: api,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.httpAddress, port: configuration.httpPort),
                serverName: "butte-scheduler"
            ),
            onServerRunning: { channel in
                if let bound = channel.localAddress?.port { port.set(bound) }
                await onListening(port.get())
            },
            logger: logger
        )
        let prober = HealthProber(core: core, client: client, tick: configuration.healthCheckTick)
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await app.run() }
                    group.addTask { await driver.run() }
                    group.addTask { await prober.run() }
                    defer { group.cancelAll() }
                    try await group.next()
                }
            }
        } catch {
            try? await client.shutdown()
            if error is CancellationError { return }
            throw error
        }
        try? await client.shutdown()
    }
}
