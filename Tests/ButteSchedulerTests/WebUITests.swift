// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteTesting
import Foundation
import Testing

/// The web UI in headless Chromium: the page renders the app list and the Create Application form's sections.
/// The headless browser, if one is installed.
let chromiumPath: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

@Suite(.enabled(if: chromiumPath != nil))
struct WebUITests {
    @Test("the rendered page lists apps and has every form section")
    func renderedPage() async throws {
        let server = try await SchedulerHarness.start()
        try await server.request("POST", "/v2/apps", #"{"id": "/ui/shown", "cmd": "sleep 1"}"#)
        let profile = try TemporaryDirectory(prefix: "butte-chromium")
        defer { profile.remove() }
        // Probe.runProcess waits on a thread of its own, so the servers under test keep the concurrency pool.
        let browser = try await Probe.runProcess(
            chromiumPath!,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.url.path)",
                "--virtual-time-budget=3000", "--dump-dom", server.url("/").absoluteString,
            ],
            timeout: 120
        )
        let dom = browser.stdoutText
        for id in ["section-general", "section-docker", "section-env", "section-labels", "section-health", "create-button"] {
            #expect(dom.contains("id=\"\(id)\""), "missing \(id)")
        }
        // The script ran: the app list was filled from the API, with a status.
        #expect(dom.contains("/ui/shown"))
        #expect(dom.contains("status-Deploying") || dom.contains("status-Waiting"))
        await server.stop()
    }
}
