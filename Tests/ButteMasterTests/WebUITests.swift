// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteMaster
import ButteProtocol
import ButteTesting
import Foundation
import Testing

/// Debian's Chromium, which renders the page in these tests.
private let chromiumPath = "/usr/bin/chromium"

@Suite(
    "WebUI in a headless browser",
    .enabled(if: FileManager.default.isExecutableFile(atPath: chromiumPath), "needs Debian's chromium")
)
struct WebUITests {
    static let chromium = chromiumPath

    @Test("the page renders agents, frameworks and tasks with sandbox links; a screenshot is kept")
    func rendersState() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let framework = try await TestFramework.subscribe(harness)
        let agent = try await SimulatedAgent.subscribe(harness, hostname: "127.0.0.1")
        let offer = try #require(try await framework.nextOffers().first)
        try await framework.post(MasterTests.launch([MasterTests.task("web-task-1", agent: agent.agentID)], offers: [offer.id]))
        _ = try await agent.next()
        try await agent.update(framework: framework.frameworkID, task: TaskID("web-task-1"), state: .running)

        let url = harness.url("/").absoluteString
        let browserArguments = ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=4000", "--window-size=1280,900"]
        let dom = try await Probe.runProcess(Self.chromium, browserArguments + ["--dump-dom", url], timeout: 60)
        let html = String(decoding: dom.stdout, as: UTF8.self)
        #expect(html.contains("web-task-1"))
        #expect(html.contains("TASK_RUNNING"))
        #expect(html.contains(agent.agentID.value))
        let sandbox =
            "http://127.0.0.1:5051/files/browse?path=%2Fframeworks%2F\(framework.frameworkID.value)%2Fexecutors%2Fweb-task-1%2Fruns%2Flatest"
        #expect(html.contains(sandbox))

        let artifacts = TestEnvironment.repositoryRoot.appendingPathComponent(".build/test-artifacts", isDirectory: true)
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let screenshot = artifacts.appendingPathComponent("master-webui.png")
        try? FileManager.default.removeItem(at: screenshot)
        _ = try await Probe.runProcess(Self.chromium, browserArguments + ["--screenshot=\(screenshot.path)", url], timeout: 60)
        #expect(FileManager.default.fileExists(atPath: screenshot.path))
        _ = agent
    }
}
