// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore

/// The end of a ZooKeeper connection's pipeline: the handshake, requests matched to replies by
/// xid, pings, authentication packets, and notifications handed to the watch registry.
///
/// ZooKeeper answers a connection's requests in the order it received them, so the replies of
/// ordinary requests must match the queue of pending requests front to back; anything else is a
/// protocol error and closes the connection. Authentication replies (xid -4) are answered out of
/// band and have a queue of their own.
///
/// All state is touched on the channel's event loop only (every entry point is called there),
/// which is what makes the unchecked `Sendable` sound.
final class ConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// A reply: its header and the response record (empty when `err` is not 0).
    struct Reply: Sendable {
        var header: Wire.ReplyHeader
        var body: ByteBuffer
    }

    /// A watch to register when the reply of the request that set it arrives.
    struct PendingWatch: Sendable {
        /// The watch.
        var watch: ZooKeeperWatch
        /// The server path watched.
        var serverPath: String
        /// `.data` for getData and exists, `.child` for getChildren; exists on a missing node becomes `.exist`.
        var kind: WatchRegistry.Kind
        /// True for exists, which also leaves a watch when the node is missing.
        var isExists: Bool
    }

    private struct Pending {
        var xid: Int32
        var sentAt: NIODeadline
        var watch: PendingWatch?
        var promise: EventLoopPromise<Reply>
    }

    private enum Phase {
        case connecting
        case handshaking(EventLoopPromise<Wire.ConnectResponse>)
        case established(sessionTimeout: TimeAmount)
        case closed
    }

    private let server: String
    private let tracker: SessionTracker
    private let registry: WatchRegistry
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var phase = Phase.connecting
    private var nextXid: Int32 = 1
    private var pending = CircularBuffer<Pending>()
    private var pings = CircularBuffer<NIODeadline>()
    private var auths = CircularBuffer<EventLoopPromise<Void>?>()
    private var lastSend = NIODeadline.now()
    private var lastReceive = NIODeadline.now()
    private var timer: RepeatedTask?
    private var failure: ZooKeeperError?

    init(server: String, tracker: SessionTracker, registry: WatchRegistry, logger: Logger) {
        self.server = server
        self.tracker = tracker
        self.registry = registry
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    // MARK: Sending (called on the event loop)

    /// Sends the handshake; `promise` gets the server's answer, or fails with `.sessionExpired`
    /// when the server no longer knows the session.
    func handshake(_ request: Wire.ConnectRequest, promise: EventLoopPromise<Wire.ConnectResponse>) {
        guard case .connecting = phase, let context else {
            promise.fail(lostError())
            return
        }
        phase = .handshaking(promise)
        var writer = JuteWriter()
        writer.write(request)
        write(writer.buffer, context: context)
    }

    /// Fails the handshake if it has not finished, and closes the connection.
    func abandonHandshake(_ error: ZooKeeperError) {
        guard case .handshaking = phase else { return }
        fail(error)
    }

    /// Sends an ordinary request with the next xid; `promise` gets the reply (any `err`), or
    /// fails with `.connectionLoss` when the connection closes first.
    func send(_ opCode: OpCode, body: ByteBuffer, watch: PendingWatch?, promise: EventLoopPromise<Reply>) {
        guard case .established = phase, let context else {
            promise.fail(lostError())
            return
        }
        let xid = nextXid
        nextXid = nextXid == Int32.max ? 1 : nextXid + 1
        pending.append(Pending(xid: xid, sentAt: .now(), watch: watch, promise: promise))
        write(header: Wire.RequestHeader(xid: xid, type: opCode.rawValue), body: body, context: context)
    }

    /// Sends an `AuthPacket`; `promise`, when given, completes with the server's answer.
    func sendAuth(scheme: String, auth: [UInt8], promise: EventLoopPromise<Void>?) {
        guard case .established = phase, let context else {
            promise?.fail(lostError())
            return
        }
        auths.append(promise)
        var writer = JuteWriter()
        writer.write(Wire.AuthPacket(scheme: scheme, auth: auth))
        write(header: Wire.RequestHeader(xid: SpecialXid.auth, type: OpCode.auth.rawValue), body: writer.buffer, context: context)
    }

    /// Sends `SetWatches`; its reply carries nothing, the notifications it causes follow.
    func sendSetWatches(_ record: Wire.SetWatches) {
        guard case .established = phase, let context else { return }
        var writer = JuteWriter()
        writer.write(record)
        write(header: Wire.RequestHeader(xid: SpecialXid.setWatches, type: OpCode.setWatches.rawValue), body: writer.buffer, context: context)
    }

    private func sendPing(context: ChannelHandlerContext) {
        pings.append(.now())
        write(header: Wire.RequestHeader(xid: SpecialXid.ping, type: OpCode.ping.rawValue), body: ByteBuffer(), context: context)
    }

    private func write(header: Wire.RequestHeader, body: ByteBuffer, context: ChannelHandlerContext) {
        var writer = JuteWriter()
        writer.write(header)
        var body = body
        writer.buffer.writeBuffer(&body)
        write(writer.buffer, context: context)
    }

    private func write(_ payload: ByteBuffer, context: ChannelHandlerContext) {
        lastSend = .now()
        context.writeAndFlush(wrapOutboundOut(FrameDecoder.frame(payload)), promise: nil)
    }

    // MARK: Receiving

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        lastReceive = .now()
        do throws(ZooKeeperError) {
            switch phase {
            case .handshaking(let promise):
                var reader = JuteReader(buffer: frame, context: "ConnectResponse from \(server)")
                let response = try reader.read(Wire.ConnectResponse.self)
                guard response.timeOut > 0 else {
                    let error = ZooKeeperError(.sessionExpired, "\(server) reports the session expired")
                    phase = .closed
                    failure = error
                    promise.fail(error)
                    context.close(promise: nil)
                    return
                }
                let timeout = TimeAmount.milliseconds(Int64(response.timeOut))
                phase = .established(sessionTimeout: timeout)
                startTimer(sessionTimeout: timeout, context: context)
                promise.succeed(response)
            case .established:
                try receive(frame)
            case .connecting, .closed:
                break
            }
        } catch {
            fail(error)
        }
    }

    private func receive(_ frame: ByteBuffer) throws(ZooKeeperError) {
        var reader = JuteReader(buffer: frame, context: "reply from \(server)")
        let header = try reader.read(Wire.ReplyHeader.self)
        tracker.saw(zxid: header.zxid)
        switch header.xid {
        case SpecialXid.ping:
            if let sent = pings.popFirst() { tracker.acknowledged(sentAt: sent) }
        case SpecialXid.notification:
            reader.context = "notification from \(server)"
            registry.trigger(try reader.read(Wire.WatcherEvent.self))
        case SpecialXid.auth:
            let waiter = auths.popFirst() ?? nil
            if header.err == 0 {
                waiter?.succeed(())
            } else {
                let error = ZooKeeperError.server(header.err, "authentication on \(server)")
                logger.warning("ZooKeeper authentication failed", metadata: ["server": "\(server)", "error": "\(error)"])
                waiter?.fail(error)
            }
        case SpecialXid.setWatches:
            if header.err != 0 {
                logger.warning("ZooKeeper refused to restore watches", metadata: ["server": "\(server)", "err": "\(header.err)"])
            }
        default:
            guard let first = pending.first, first.xid == header.xid else {
                let expected = pending.first.map { "\($0.xid)" } ?? "none"
                throw ZooKeeperError(.protocolError, "\(server) answered xid \(header.xid), expected \(expected)")
            }
            pending.removeFirst()
            tracker.acknowledged(sentAt: first.sentAt)
            if let watch = first.watch {
                if header.err == 0 {
                    registry.register(watch.watch, kind: watch.kind, serverPath: watch.serverPath)
                } else if watch.isExists, header.err == ZooKeeperError.Code.noNode.serverCode {
                    registry.register(watch.watch, kind: .exist, serverPath: watch.serverPath)
                }
            }
            first.promise.succeed(Reply(header: header, body: reader.buffer))
        }
    }

    // MARK: Liveness

    private func startTimer(sessionTimeout: TimeAmount, context: ChannelHandlerContext) {
        // As ZooKeeper's own client: ping after a third of the session timeout without sending,
        // give the server up after two thirds without hearing from it.
        let pingAfter = TimeAmount.nanoseconds(sessionTimeout.nanoseconds / 3)
        let readTimeout = TimeAmount.nanoseconds(sessionTimeout.nanoseconds * 2 / 3)
        let tick = TimeAmount.nanoseconds(max(sessionTimeout.nanoseconds / 12, 5_000_000))
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { _ in
            let (handler, context) = loopBound.value
            guard case .established = handler.phase else { return }
            let now = NIODeadline.now()
            if now - handler.lastReceive > readTimeout {
                handler.fail(ZooKeeperError(.connectionLoss, "\(handler.server) sent nothing for \(readTimeout.nanoseconds / 1_000_000) ms"))
            } else if now - handler.lastSend >= pingAfter {
                handler.sendPing(context: context)
            }
        }
    }

    // MARK: Closing

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? ZooKeeperError {
            fail(error)
        } else {
            fail(ZooKeeperError(.connectionLoss, "connection to \(server) failed", underlying: error))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failEverything(failure ?? ZooKeeperError(.connectionLoss, "connection to \(server) closed"))
        context.fireChannelInactive()
    }

    /// Closes the connection because of `error`, failing everything pending with it.
    func fail(_ error: ZooKeeperError) {
        if failure == nil { failure = error }
        failEverything(error)
        context?.close(promise: nil)
    }

    private func failEverything(_ error: ZooKeeperError) {
        timer?.cancel()
        timer = nil
        if case .handshaking(let promise) = phase { promise.fail(error) }
        phase = .closed
        // Requests in flight may or may not have been applied: ConnectionLoss, as ZooKeeper's clients say.
        let lost = error.code == .sessionExpired ? error : ZooKeeperError(.connectionLoss, error.message, underlying: error.underlying)
        while let entry = pending.popFirst() { entry.promise.fail(lost) }
        while let waiter = auths.popFirst() { waiter?.fail(lost) }
        pings.removeAll()
    }

    private func lostError() -> ZooKeeperError {
        failure.map { ZooKeeperError(.connectionLoss, $0.message) } ?? ZooKeeperError(.connectionLoss, "not connected to \(server)")
    }
}
