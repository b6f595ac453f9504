// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteAgent
import ButteProtocol
import ButteTesting
import Foundation
import Synchronization
import Testing

@Suite struct StatusUpdateManagerTests {
    final class Sent: Sendable {
        let updates = Mutex<[AgentCall.Update]>([])
        var all: [AgentCall.Update] { updates.withLock { $0 } }
    }

    static func status(_ task: String, _ state: TaskState, _ byte: UInt8) -> TaskStatus {
        TaskStatus(taskID: TaskID(value: task), state: state, uuid: Data(repeating: byte, count: 16))
    }

    @Test func sendsInOrderOneAtATimeUntilAcknowledged() async throws {
        let manager = StatusUpdateManager(firstRetry: .seconds(60))
        let sent = Sent()
        let framework = FrameworkID(value: "F1")
        // Both updates are queued before the master connection exists, so the first one sent already
        // knows the task's latest state.
        await manager.enqueue(Self.status("t1", .starting, 1), frameworkID: framework)
        await manager.enqueue(Self.status("t1", .running, 2), frameworkID: framework)
        await manager.connect { update in sent.updates.withLock { $0.append(update) } }
        try await Poll.until("first update sent", timeout: .seconds(60)) { sent.all.count == 1 ? true : nil }
        #expect(sent.all[0].status.state == .starting)
        #expect(sent.all[0].latestState == .running)
        // An acknowledgement of the wrong uuid changes nothing.
        #expect(await manager.acknowledge(frameworkID: framework, taskID: TaskID(value: "t1"), uuid: Data(repeating: 2, count: 16)) == false)
        #expect(await manager.acknowledge(frameworkID: framework, taskID: TaskID(value: "t1"), uuid: Data(repeating: 1, count: 16)))
        try await Poll.until("second update sent", timeout: .seconds(60)) { sent.all.count == 2 ? true : nil }
        #expect(sent.all[1].status.state == .running)
        #expect(sent.all[1].latestState == nil)
        #expect(await manager.acknowledge(frameworkID: framework, taskID: TaskID(value: "t1"), uuid: Data(repeating: 2, count: 16)))
        #expect(await manager.pendingCount == 0)
    }

    @Test func retriesUntilAcknowledgedAndResendsOnReconnect() async throws {
        let manager = StatusUpdateManager(firstRetry: .milliseconds(20), maxRetry: .milliseconds(40))
        let sent = Sent()
        let framework = FrameworkID(value: "F1")
        await manager.enqueue(Self.status("t1", .finished, 7), frameworkID: framework)
        #expect(await manager.oldestPending(frameworkID: framework, taskID: TaskID(value: "t1"))?.state == .finished)
        await manager.connect { update in sent.updates.withLock { $0.append(update) } }
        try await Poll.until("three sends", timeout: .seconds(60)) { sent.all.count >= 3 ? true : nil }
        #expect(sent.all.allSatisfy { $0.status.state == .finished && $0.frameworkID == framework })
        await manager.drop(frameworkID: framework)
        #expect(await manager.pendingCount == 0)
    }
}
