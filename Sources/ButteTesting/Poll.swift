// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Waiting for a condition by checking it repeatedly until a deadline, instead of sleeping a fixed time.
public enum Poll {
    /// Calls `check` every `interval` until it returns a value, and returns that value.
    ///
    /// Errors thrown by `check` count as "not yet"; the last one is attached to the timeout error.
    /// - Parameters:
    ///   - what: The condition waited for, used in the timeout message ("registry on 127.0.0.1:5000 answers /v2/").
    ///   - timeout: How long to keep trying.
    ///   - interval: The pause between two checks.
    ///   - check: Returns a value once the condition holds, `nil` before.
    /// - Throws: `FixtureError` with code `.timeout` when the deadline passes, or `CancellationError`.
    @discardableResult
    public static func until<T>(
        _ what: String,
        timeout: Duration,
        interval: Duration = .milliseconds(50),
        isolation: isolated (any Actor)? = #isolation,
        _ check: () async throws -> T?
    ) async throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var lastError: (any Error)?
        while true {
            do {
                if let value = try await check() { return value }
                lastError = nil
            } catch let error as FixtureError where error.code == .startFailed {
                // A server that died while we wait will not come back: stop waiting now.
                throw error
            } catch {
                lastError = error
            }
            if clock.now >= deadline {
                let cause = lastError.map { FixtureError(.io, String(describing: $0)) }
                throw FixtureError(.timeout, "gave up after \(timeout) waiting until \(what)", underlying: cause)
            }
            try await clock.sleep(for: interval)
        }
    }
}
