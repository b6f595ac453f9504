// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import NIOCore

extension Duration {
    /// The duration as NIO's `TimeAmount` (nanoseconds, saturating).
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return .nanoseconds(overflow ? Int64.max : whole &+ attoseconds / 1_000_000_000)
    }

    /// The duration in whole milliseconds, clamped to `Int32` for the wire.
    var milliseconds32: Int32 {
        let millis = timeAmount.nanoseconds / 1_000_000
        return Int32(clamping: millis)
    }
}

extension TimeAmount {
    /// The amount as a Swift `Duration`.
    var duration: Duration { .nanoseconds(nanoseconds) }
}
