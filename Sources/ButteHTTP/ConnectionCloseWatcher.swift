// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import NIOCore

/// Calls a closure once when the client closes its side of the connection or the connection goes away.
///
/// Hummingbird allows half-closed connections and does not read while a response streams, so without this a
/// server would only notice a vanished subscriber when a later write fails (up to two heartbeats later). Mesos
/// treats the closing of a subscriber's connection as the end of its subscription at once.
final class ConnectionCloseWatcher: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = NIOAny

    // Only touched on the channel's event loop.
    private var onClose: (@Sendable () -> Void)?

    init(onClose: @escaping @Sendable () -> Void) {
        self.onClose = onClose
    }

    private func fire() {
        let callback = onClose
        onClose = nil
        callback?()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed { fire() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fire()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    /// Installs a watcher at the front of `channel`'s pipeline.
    static func install(on channel: any Channel, onClose: @escaping @Sendable () -> Void) {
        let watcher = ConnectionCloseWatcher(onClose: onClose)
        channel.pipeline.addHandler(watcher, position: .first).whenFailure { _ in onClose() }
    }
}
