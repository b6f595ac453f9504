// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCgroup
import Testing

@Suite struct CgroupFileParserTests {
    @Test("flat keyed files parse to a dictionary")
    func keyed() throws {
        let values = try CgroupFileParser.keyedValues("populated 1\nfrozen 0\n", file: "cgroup.events")
        #expect(values == ["populated": 1, "frozen": 0])
        #expect(try CgroupFileParser.keyedValues("", file: "x").isEmpty)
    }

    @Test("a keyed line that is not 'key number' is refused", arguments: ["populated", "populated yes", "a 1 2", "a -1"])
    func badKeyed(_ text: String) {
        let error = #expect(throws: CgroupError.self) { try CgroupFileParser.keyedValues(text, file: "cgroup.events") }
        #expect(error?.code == .malformedFile)
        #expect(error?.message.contains("cgroup.events") == true)
    }

    @Test("limit files hold a number or max")
    func limits() throws {
        #expect(try CgroupFileParser.limit("max\n", file: "pids.max") == nil)
        #expect(try CgroupFileParser.limit("2048\n", file: "pids.max") == 2048)
        #expect(throws: CgroupError.self) { try CgroupFileParser.limit("unlimited", file: "pids.max") }
    }

    @Test("cgroup.procs lists pids one a line")
    func pids() throws {
        #expect(try CgroupFileParser.pids("1\n42\n4194304\n") == [1, 42, 4_194_304])
        #expect(try CgroupFileParser.pids("").isEmpty)
    }

    @Test("anything but a positive pid is refused", arguments: ["", "-1", "0", "12abc", "1 2", "99999999999"])
    func badPid(_ raw: String) {
        #expect(throws: CgroupError.self) { try CgroupFileParser.pid(raw) }
    }

    @Test("cpu.stat without usage_usec is refused")
    func cpuStatNeedsUsage() {
        #expect(throws: CgroupError.self) { try CgroupCPUStats(parsing: "user_usec 1\n") }
    }

    @Test("memory.events of kernels without oom_group_kill still parse")
    func oldMemoryEvents() throws {
        let events = try CgroupMemoryEvents(parsing: "low 0\nhigh 2\nmax 5\noom 0\noom_kill 0\n")
        #expect(events == CgroupMemoryEvents(high: 2, max: 5))
        #expect(!events.oomKilled)
        #expect(throws: CgroupError.self) { try CgroupMemoryEvents(parsing: "low 0\n") }
    }
}
