// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// How Butte talks to registries: which are plain http, mirrors, credentials and limits.
public struct RegistryConfiguration: Sendable {
    /// Registries (`host[:port]`) reached over plain http (`--insecure-registry`). Loopback registries always are.
    public var insecureRegistries: Set<String>
    /// Mirrors of Docker Hub tried before `registry-1.docker.io` (`--registry-mirror`).
    public var mirrors: [RegistryEndpoint]
    /// Credentials by registry domain as references spell it (`docker.io`, `host:5000`).
    public var credentials: [String: RegistryCredentials]
    /// Caps and timeouts.
    public var limits: RegistryLimits
    /// The `User-Agent` sent.
    public var userAgent: String

    /// Creates a configuration.
    public init(
        insecureRegistries: Set<String> = [],
        mirrors: [RegistryEndpoint] = [],
        credentials: [String: RegistryCredentials] = [:],
        limits: RegistryLimits = RegistryLimits(),
        userAgent: String = "butte"
    ) {
        self.insecureRegistries = Set(insecureRegistries.map { $0.lowercased() })
        self.mirrors = mirrors
        self.credentials = credentials
        self.limits = limits
        self.userAgent = userAgent
    }

    /// The endpoint serving a registry domain: https, or http when the registry is insecure or on loopback.
    public func endpoint(forDomain domain: String, registryHost: String) -> RegistryEndpoint {
        let host = registryHost.lowercased()
        let plain =
            insecureRegistries.contains(host) || insecureRegistries.contains(domain.lowercased())
            || RegistryEndpoint.isLoopback(host: RegistryEndpoint.splitAuthority(host).host)
        return RegistryEndpoint(scheme: plain ? "http" : "https", authority: host)
    }

    /// Credentials for a registry endpoint or token realm: by domain, and for Docker Hub by its aliases.
    func credentials(forAuthority authority: String) -> RegistryCredentials? {
        let a = authority.lowercased()
        if let c = credentials[a] { return c }
        let hostOnly = RegistryEndpoint.splitAuthority(a)
        if hostOnly.port == 443, let c = credentials[hostOnly.host] { return c }
        if ["registry-1.docker.io", "index.docker.io", "registry-1.docker.io:443"].contains(a) { return credentials["docker.io"] }
        return nil
    }

    /// True when a secret may be sent to `origin`: over https, on loopback, or to a registry the operator marked insecure.
    func maySendSecrets(to origin: Origin) -> Bool {
        if origin.scheme == "https" || origin.isLoopback { return true }
        let withPort = origin.authority.lowercased()
        return insecureRegistries.contains(withPort) || (origin.port == 80 && insecureRegistries.contains(origin.host))
    }
}
