// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Registry credentials from a Docker client config (`~/.docker/config.json`, `auths` section).
///
/// Each `auths` key names a registry (`https://index.docker.io/v1/`, `quay.io`, `host:5000`) and holds
/// `auth` (base64 of `user:password`) or `username` and `password`. Credential helpers (`credsStore`,
/// `credHelpers`) are not run: Butte executes no helper programs to get secrets.
public struct DockerConfigFile: Sendable {
    /// Credentials by registry domain as references spell it (`docker.io`, `quay.io`, `host:5000`).
    public var credentials: [String: RegistryCredentials]

    /// The default location: `$DOCKER_CONFIG/config.json`, else `$HOME/.docker/config.json`.
    public static var defaultPath: String {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["DOCKER_CONFIG"], !dir.isEmpty { return dir + "/config.json" }
        return (env["HOME"] ?? "/root") + "/.docker/config.json"
    }

    /// Reads a config file; a missing file yields no credentials.
    /// - Throws: `ImageError` `.authentication` naming the file when it exists but is not a valid config.
    public static func load(path: String = DockerConfigFile.defaultPath) throws(ImageError) -> DockerConfigFile {
        guard FileManager.default.fileExists(atPath: path) else { return DockerConfigFile(credentials: [:]) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ImageError(.authentication, "cannot read the Docker config \(path)", underlying: error)
        }
        return try parse(Array(data), source: path)
    }

    /// Parses config JSON.
    /// - Throws: `ImageError` `.authentication` naming `source` and the bad entry.
    public static func parse(_ bytes: [UInt8], source: String = "config.json") throws(ImageError) -> DockerConfigFile {
        struct Entry: Decodable {
            var auth: String?
            var username: String?
            var password: String?
        }
        struct File: Decodable { var auths: [String: Entry]? }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(bytes))
        } catch {
            throw ImageError(.authentication, "the Docker config \(source) is not valid JSON of the expected shape")
        }
        var result: [String: RegistryCredentials] = [:]
        for (key, entry) in file.auths ?? [:] {
            let domain = normalizedDomain(key)
            if let auth = entry.auth, !auth.isEmpty {
                guard let decoded = Data(base64Encoded: auth), let pair = String(data: decoded, encoding: .utf8) else {
                    throw ImageError(.authentication, "the Docker config \(source) has an auth entry for \(key) that is not base64")
                }
                do {
                    result[domain] = try RegistryCredentials(parsing: pair)
                } catch {
                    throw ImageError(.authentication, "the Docker config \(source) has an auth entry for \(key) that is not USER:PASSWORD")
                }
            } else if let user = entry.username, let password = entry.password {
                result[domain] = RegistryCredentials(user: user, password: password)
            }
        }
        return DockerConfigFile(credentials: result)
    }

    /// `https://index.docker.io/v1/` → `docker.io`; `https://host:5000/path` → `host:5000`.
    static func normalizedDomain(_ key: String) -> String {
        var s = Substring(key)
        if let scheme = s.range(of: "://") { s = s[scheme.upperBound...] }
        if let slash = s.firstIndex(of: "/") { s = s[..<slash] }
        let host = s.lowercased()
        switch host {
        case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com": return "docker.io"
        default: return host
        }
    }
}
