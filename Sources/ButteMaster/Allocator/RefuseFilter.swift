// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// How long a DECLINE (or the unused part of an ACCEPT) keeps resources away from a framework.
///
/// Source: Mesos 1.11 `Filters.refuse_seconds` (mesos/v1/mesos.proto) and the master's handling of it:
/// unset → 5 s; negative or not a number → 5 s; more than 365 days → 365 days; zero → no filter.
package enum RefuseFilter {
    /// The default of `Filters.refuse_seconds`.
    package static let defaultSeconds: Double = 5
    /// The longest filter the master installs.
    package static let maximumSeconds: Double = 365 * 24 * 3600

    /// The filter duration for a `refuse_seconds` value, or nil when no filter is installed (zero).
    package static func duration(refuseSeconds: Double?) -> Duration? {
        guard let seconds = refuseSeconds, seconds.isFinite || seconds == .infinity, seconds >= 0 else {
            return .milliseconds(Int64(defaultSeconds * 1000))
        }
        if seconds == 0 { return nil }
        let capped = min(seconds, maximumSeconds)
        return .nanoseconds(Int64((capped * 1e9).rounded()))
    }
}
