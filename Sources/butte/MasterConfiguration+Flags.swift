// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteHTTP
import ButteMaster
import Foundation

extension MasterConfiguration {
    /// The configuration `butte master` runs with, from its validated flags.
    /// - Throws: `UsageError` for values the flag validation cannot catch (an unreadable credentials file,
    ///   bad weights, authentication without credentials).
    static func from(flags: LoadedFlags) throws -> MasterConfiguration {
        let ip = flags.string("ip") ?? "0.0.0.0"
        let port = Int(try flags.port("port") ?? 5050)
        let hostname = try flags.string("hostname") ?? Self.defaultHostname(ip: ip, lookup: try flags.bool("hostname_lookup"))
        var configuration = MasterConfiguration(
            ip: ip,
            port: port,
            hostname: hostname,
            workDir: flags.string("registry") == "in_memory" ? nil : flags.string("work_dir"),
            offerTimeout: try flags.duration("offer_timeout")?.duration,
            allocationInterval: try flags.duration("allocation_interval")?.duration ?? .seconds(1),
            agentPingTimeout: try flags.duration("agent_ping_timeout")?.duration ?? .seconds(15),
            maxAgentPingTimeouts: try flags.int("max_agent_ping_timeouts") ?? 5,
            agentReregisterTimeout: try flags.duration("agent_reregister_timeout")?.duration ?? .seconds(600)
        )
        configuration.advertiseIP = flags.string("advertise_ip")
        configuration.advertisePort = try flags.port("advertise_port").map(Int.init)
        if configuration.advertiseIP == nil && (ip == "0.0.0.0" || ip == "::") {
            configuration.advertiseIP = Self.resolve(hostname) ?? "127.0.0.1"
        }
        configuration.cluster = flags.string("cluster")
        configuration.roles = flags.list("roles").map(Set.init)
        configuration.weights = try Self.weights(flags.string("weights"))
        configuration.maxCompletedFrameworks = try flags.int("max_completed_frameworks") ?? 50
        configuration.maxCompletedTasksPerFramework = try flags.int("max_completed_tasks_per_framework") ?? 1000
        configuration.flags = flags.effectiveValues

        let needsCredentials = try [
            "authenticate_http_frameworks", "authenticate_http_readwrite", "authenticate_http_readonly", "authenticate_frameworks",
        ]
        .filter { name throws(CoreError) in try flags.bool(name) }
        if !needsCredentials.isEmpty {
            guard let path = flags.string("credentials") else {
                throw UsageError(sentence: "Flag '--credentials' is required with '--\(needsCredentials[0])'.")
            }
            let credentials: Credentials
            do {
                credentials = try Credentials(contentsOf: path)
            } catch {
                throw UsageError(sentence: "Invalid value for flag '--credentials': \(error.message).")
            }
            if try flags.bool("authenticate_http_frameworks") || flags.bool("authenticate_frameworks") {
                configuration.frameworkCredentials = credentials
            }
            if try flags.bool("authenticate_http_readwrite") { configuration.readwriteCredentials = credentials }
            if try flags.bool("authenticate_http_readonly") { configuration.readonlyCredentials = credentials }
        }
        return configuration
    }

    /// Parses `--weights`: `role=weight,role2=weight2`.
    static func weights(_ text: String?) throws -> [String: Double] {
        guard let text, !text.isEmpty else { return [:] }
        var result: [String: Double] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let weight = Double(parts[1]), weight > 0, weight.isFinite else {
                throw UsageError(
                    sentence: "Invalid value '\(text)' for flag '--weights': expected role=weight pairs with positive weights, e.g. 'web=2,batch=1'.")
            }
            result[String(parts[0])] = weight
        }
        return result
    }

    static func defaultHostname(ip: String, lookup: Bool) -> String {
        if ip != "0.0.0.0" && ip != "::" && !lookup { return ip }
        return ProcessInfo.processInfo.hostName
    }

    static func resolve(_ hostname: String) -> String? {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(hostname, nil, &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(result) }
        guard let address = first.pointee.ai_addr else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        let ok = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin -> Bool in
            var addr = sin.pointee.sin_addr
            return inet_ntop(AF_INET, &addr, &buffer, socklen_t(INET_ADDRSTRLEN)) != nil
        }
        return ok ? String(cString: buffer) : nil
    }
}
