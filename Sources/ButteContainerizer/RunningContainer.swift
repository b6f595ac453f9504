// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import Synchronization

/// A container started by a ``Launcher``: signal it, wait for it.
public final class RunningContainer: Sendable {
    /// The container id.
    public let id: String
    /// The pid of its first process (its init) in the launcher's pid namespace.
    public let pid: Int32

    private enum State {
        case running(waiters: [CheckedContinuation<ContainerExit, Never>])
        case exited(ContainerExit)
    }

    private let pidfd: Pidfd
    private let state = Mutex<State>(.running(waiters: []))

    init(id: String, pid: Int32, pidfd: Pidfd) {
        self.id = id
        self.pid = pid
        self.pidfd = pidfd
    }

    /// Sends `signal` to the container's init, which passes SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2
    /// and SIGWINCH on to the command; SIGKILL ends the whole container at once.
    ///
    /// - Throws: `ContainerizerError` (`.invalidState`) when the container already exited.
    public func signal(_ signal: Int32) throws(ContainerizerError) {
        let result: Result<Void, ContainerizerError> = state.withLock { state in
            guard case .running = state else {
                return .failure(ContainerizerError(.invalidState, "the container \(id) has already exited"))
            }
            do {
                try pidfd.send(signal: signal)
                return .success(())
            } catch {
                return .failure(ContainerizerError(.launchFailed, "cannot signal the container \(id): \(error)", underlying: error))
            }
        }
        try result.get()
    }

    /// Waits until the container has exited and its runtime state is gone.
    public func wait() async -> ContainerExit {
        await withCheckedContinuation { continuation in
            let done: ContainerExit? = state.withLock { state in
                switch state {
                case .exited(let exit): return exit
                case .running(var waiters):
                    waiters.append(continuation)
                    state = .running(waiters: waiters)
                    return nil
                }
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    /// The exit, if the container has exited.
    public var exit: ContainerExit? {
        state.withLock { state in
            if case .exited(let exit) = state { return exit }
            return nil
        }
    }

    /// Records the exit, closes the pidfd and wakes the waiters.
    func finish(_ exit: ContainerExit) {
        let waiters: [CheckedContinuation<ContainerExit, Never>] = state.withLock { state in
            guard case .running(let waiters) = state else { return [] }
            state = .exited(exit)
            pidfd.close()
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: exit) }
    }
}
