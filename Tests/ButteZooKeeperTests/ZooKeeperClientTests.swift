// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteTesting
import NIOCore
import NIOPosix
import Testing

@testable import ButteZooKeeper

/// A stand-in server on 127.0.0.1: answers each handshake with `timeOut` and then says nothing
/// more, so the client's own timers are what the tests observe.
private final class SilentServer: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let timeOut: Int32
    let answers: Bool
    private var greeted = false

    init(timeOut: Int32, answers: Bool) {
        self.timeOut = timeOut
        self.answers = answers
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard answers, !greeted else { return }
        greeted = true
        var writer = JuteWriter()
        writer.write(Wire.ConnectResponse(timeOut: timeOut, sessionId: timeOut > 0 ? 0x42 : 0, passwd: [UInt8](repeating: 7, count: 16)))
        context.writeAndFlush(wrapOutboundOut(FrameDecoder.frame(writer.buffer)), promise: nil)
    }

    static func start(timeOut: Int32, answers: Bool = true) async throws -> (any Channel, Int) {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(SilentServer(timeOut: timeOut, answers: answers))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return (channel, channel.localAddress?.port ?? 0)
    }
}

@Suite struct ZooKeeperClientTests {
    private func configuration(port: Int, timeout: Duration = .seconds(2), session: ZooKeeperSession? = nil) throws -> ZooKeeperClient.Configuration {
        var configuration = ZooKeeperClient.Configuration(
            url: try ZooKeeperURL(servers: [.init(host: "127.0.0.1", port: port)]),
            sessionTimeout: timeout,
            connectTimeout: .seconds(1),
            session: session
        )
        configuration.shuffleServers = false
        return configuration
    }

    @Test("connect fails with connectionFailed when nothing listens")
    func nothingListens() async throws {
        let port = Int(try FreePort.next())
        await #expect {
            _ = try await ZooKeeperClient.connect(configuration(port: port))
        } throws: { ($0 as? ZooKeeperError)?.code == .connectionFailed }
    }

    @Test("connect fails with connectionFailed when the server never answers the handshake")
    func silentHandshake() async throws {
        let (server, port) = try await SilentServer.start(timeOut: 0, answers: false)
        defer { server.close(promise: nil) }
        let clock = ContinuousClock()
        let start = clock.now
        await #expect {
            _ = try await ZooKeeperClient.connect(configuration(port: port))
        } throws: { ($0 as? ZooKeeperError)?.code == .connectionFailed }
        // The client gives up on its own connect timeout instead of waiting forever; the bound is
        // loose because this machine may be busy (it is a check that it ends, not a measurement).
        #expect(clock.now - start < .seconds(60))
    }

    @Test("resuming a session the server no longer has fails with sessionExpired")
    func resumeExpired() async throws {
        let (server, port) = try await SilentServer.start(timeOut: 0)
        defer { server.close(promise: nil) }
        let stale = ZooKeeperSession(id: 0x99, password: [UInt8](repeating: 1, count: 16), timeout: .seconds(2))
        await #expect {
            _ = try await ZooKeeperClient.connect(configuration(port: port, session: stale))
        } throws: { ($0 as? ZooKeeperError)?.code == .sessionExpired }
    }

    @Test("a server that stops answering pings is dropped after two thirds of the session timeout")
    func readTimeout() async throws {
        let (server, port) = try await SilentServer.start(timeOut: 600)
        defer { server.close(promise: nil) }
        let client = try await ZooKeeperClient.connect(configuration(port: port, timeout: .milliseconds(600)))
        #expect(await client.session?.id == 0x42)
        #expect(await client.session?.timeout == .milliseconds(600))
        let states = await client.states()
        let clock = ContinuousClock()
        let start = clock.now
        var seen: [ConnectionState] = []
        for await state in states {
            seen.append(state)
            if state == .suspended || seen.count > 3 { break }
        }
        #expect(seen == [.connected(server: "127.0.0.1:\(port)"), .suspended])
        #expect(clock.now - start < .seconds(60))
        await client.close()
        // On a busy machine the 600 ms session may already have expired before close(); either way
        // the client must end in a terminal state.
        let final = await client.connectionState
        #expect(final == .closed || final == .expired)
    }
}
