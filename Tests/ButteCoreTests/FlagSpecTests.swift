// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import Testing

@Suite struct FlagSpecTests {
    @Test("usage lists flags sorted, with defaults, required marks and wrapped help")
    func usage() {
        let specs: [FlagSpec] = [
            .value("work_dir", required: true, isPath: true, help: "Path of the agent work directory."),
            .boolean("strict", default: true, help: "If strict=true, any and all recovery errors are considered fatal."),
            .value("port", default: "5051", help: "Port to listen on."),
        ]
        #expect(
            FlagSpec.usage(specs, width: 72) == """
                  --port=VALUE      Port to listen on. (default: 5051)
                  --[no-]strict     If strict=true, any and all recovery errors are
                                    considered fatal. (default: true)
                  --work_dir=VALUE  Path of the agent work directory. (required)

                """)
        #expect(
            FlagSpec.usage(specs, width: 60).contains(
                """
                  --[no-]strict     If strict=true, any and all recovery
                                    errors are considered fatal.
                                    (default: true)
                """))
    }

    @Test("a long flag name puts its help on the next line; explicit line breaks are kept")
    func longName() {
        let specs: [FlagSpec] = [.value("executor_registration_timeout", default: "1mins", help: "First line.\nSecond line.")]
        #expect(
            FlagSpec.usage(specs, width: 60) == """
                  --executor_registration_timeout=VALUE
                                    First line.
                                    Second line. (default: 1mins)

                """)
    }

    @Test("booleans default to false")
    func booleanDefault() {
        #expect(FlagSpec(name: "x", kind: .boolean, help: "").defaultValue == "false")
        #expect(FlagSpec.value("y", help: "").defaultValue == nil)
        #expect(FlagSpec.value("y", help: "").dashed == "--y")
    }
}
