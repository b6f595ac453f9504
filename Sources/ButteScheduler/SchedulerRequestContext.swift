// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Hummingbird
import NIOCore

/// The request context of the REST API: Hummingbird's core storage plus the client's address (for events).
public struct SchedulerRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address, or an empty string when unknown.
    public let remoteAddress: String

    /// A context for a request arriving on a channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? ""
    }
}
