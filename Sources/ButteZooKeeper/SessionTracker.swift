// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import NIOCore
import Synchronization

/// What the connections of one session learn about it, shared between the event loop and the client.
final class SessionTracker: Sendable {
    private struct State {
        var lastZxid: Int64 = 0
        var lastAcknowledgedSend: NIODeadline = .now()
    }

    private let state = Mutex(State())

    /// The highest zxid seen in any reply; sent on reconnect so the server refuses to serve an older view.
    var lastZxid: Int64 { state.withLock { $0.lastZxid } }

    /// When the last request the server answered was sent. The server heard from the session no
    /// earlier than this, so it cannot expire the session before this plus the timeout: the client
    /// counts its own expiry from here and never believes in a session the server already dropped.
    var lastAcknowledgedSend: NIODeadline { state.withLock { $0.lastAcknowledgedSend } }

    /// Records a reply's zxid (ignoring the -1 and 0 of notifications and pings).
    func saw(zxid: Int64) {
        guard zxid > 0 else { return }
        state.withLock { $0.lastZxid = max($0.lastZxid, zxid) }
    }

    /// Records that a request sent at `sent` was answered.
    func acknowledged(sentAt sent: NIODeadline) {
        state.withLock { $0.lastAcknowledgedSend = max($0.lastAcknowledgedSend, sent) }
    }
}
