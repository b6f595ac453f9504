// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOPosix

/// One TCP connection of a session to one server: opened with the handshake, closed when the
/// server goes away, stops answering, or the session ends. The client replaces it when it closes.
final class ZooKeeperConnection: Sendable {
    /// The server, `host:port`.
    let server: String
    /// The session parameters the server answered the handshake with.
    let response: Wire.ConnectResponse
    private let channel: any Channel
    private let handler: ConnectionHandler

    private init(server: String, response: Wire.ConnectResponse, channel: any Channel, handler: ConnectionHandler) {
        self.server = server
        self.response = response
        self.channel = channel
        self.handler = handler
    }

    /// Connects to `server` and performs the handshake within `timeout`.
    /// - Throws: `ZooKeeperError`: `.sessionExpired` when the server no longer knows the session,
    ///   `.connectionLoss` when it cannot be reached or does not answer in time.
    static func open(
        _ server: ZooKeeperURL.Server,
        request: Wire.ConnectRequest,
        timeout: Duration,
        group: any EventLoopGroup,
        tracker: SessionTracker,
        registry: WatchRegistry,
        logger: Logger
    ) async throws -> ZooKeeperConnection {
        let name = server.description
        let timeAmount = TimeAmount.nanoseconds(max(timeout.timeAmount.nanoseconds, 1_000_000))
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeAmount)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = ConnectionHandler(server: name, tracker: tracker, registry: registry, logger: logger)
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: server.host, port: server.port).get()
        } catch {
            throw ZooKeeperError(.connectionLoss, "cannot connect to \(name)", underlying: error)
        }
        do {
            let handler = try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.handler(type: ConnectionHandler.self)
            }.get()
            let promise = channel.eventLoop.makePromise(of: Wire.ConnectResponse.self)
            let deadline = channel.eventLoop.scheduleTask(in: timeAmount) {
                handler.abandonHandshake(ZooKeeperError(.connectionLoss, "\(name) did not answer the handshake in time"))
            }
            channel.eventLoop.execute { handler.handshake(request, promise: promise) }
            let response = try await promise.futureResult.get()
            deadline.cancel()
            return ZooKeeperConnection(server: name, response: response, channel: channel, handler: handler)
        } catch {
            channel.close(promise: nil)
            if let error = error as? ZooKeeperError { throw error }
            throw ZooKeeperError(.connectionLoss, "handshake with \(name) failed", underlying: error)
        }
    }

    /// Sends a request and waits for its reply.
    /// - Throws: `ZooKeeperError` with code `.connectionLoss` when the connection closes first.
    func send(_ opCode: OpCode, body: ByteBuffer, watch: ConnectionHandler.PendingWatch? = nil) async throws -> ConnectionHandler.Reply {
        let promise = channel.eventLoop.makePromise(of: ConnectionHandler.Reply.self)
        let handler = self.handler
        channel.eventLoop.execute { handler.send(opCode, body: body, watch: watch, promise: promise) }
        return try await promise.futureResult.get()
    }

    /// Sends an authentication packet and waits for the answer.
    func authenticate(scheme: String, auth: [UInt8]) async throws {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        let handler = self.handler
        channel.eventLoop.execute { handler.sendAuth(scheme: scheme, auth: auth, promise: promise) }
        try await promise.futureResult.get()
    }

    /// Queues an authentication packet without waiting (used when restoring a session, before any request).
    func queueAuthentication(scheme: String, auth: [UInt8]) {
        let handler = self.handler
        channel.eventLoop.execute { handler.sendAuth(scheme: scheme, auth: auth, promise: nil) }
    }

    /// Queues `SetWatches` (used when restoring a session, before any request).
    func queueSetWatches(_ record: Wire.SetWatches) {
        let handler = self.handler
        channel.eventLoop.execute { handler.sendSetWatches(record) }
    }

    /// Waits until the connection has closed.
    func closed() async {
        try? await channel.closeFuture.get()
    }

    /// Closes the connection; pending requests fail with `.connectionLoss`.
    func close() {
        channel.close(promise: nil)
    }
}
