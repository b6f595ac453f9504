// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Hummingbird
import NIOCore

/// The request context of Butte's HTTP servers: Hummingbird's basics plus the connection's channel, which
/// streaming responses watch to learn at once when a subscriber goes away.
public struct APIRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage

    /// The connection the request arrived on.
    public let channel: any Channel

    /// Creates the context for a request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }
}
