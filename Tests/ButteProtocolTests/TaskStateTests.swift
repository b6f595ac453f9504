// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Testing

@testable import ButteProtocol

@Suite struct TaskStateTests {
    @Test("the terminal states are exactly Mesos' terminal states")
    func terminal() {
        let terminal: [TaskState] = [.finished, .failed, .killed, .error, .lost, .dropped, .gone, .goneByOperator]
        let live: [TaskState] = [.staging, .starting, .running, .killing, .unreachable, .unknown]
        #expect(terminal.allSatisfy { $0.isTerminal })
        #expect(live.allSatisfy { !$0.isTerminal })
        #expect(Set(terminal + live) == TaskState.known)
    }

    @Test("partition-aware states are flagged")
    func partitionAware() {
        #expect(TaskState.unreachable.requiresPartitionAwareness)
        #expect(TaskState.dropped.requiresPartitionAwareness)
        #expect(!TaskState.lost.requiresPartitionAwareness)
        #expect(!TaskState.running.requiresPartitionAwareness)
    }

    @Test("raw values are the Mesos names and unknown names are representable but not known")
    func names() throws {
        #expect(TaskState.goneByOperator.rawValue == "TASK_GONE_BY_OPERATOR")
        #expect(TaskStatus.Reason.agentRemoved.rawValue == "REASON_AGENT_REMOVED")
        #expect(TaskStatus.Reason.invalidFrameworkID.rawValue == "REASON_INVALID_FRAMEWORKID")
        #expect(TaskStatus.Source.master.rawValue == "SOURCE_MASTER")
        let future: TaskState = "TASK_HIBERNATING"
        #expect(!future.isKnown)
        #expect(!future.isTerminal)
        #expect(try ProtocolJSON.encodeString([TaskState.running]) == #"["TASK_RUNNING"]"#)
    }
}
