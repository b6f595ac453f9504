// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import ButteImage
import ButteOCI

/// The flags every `butte image` subcommand shares: where the store is and how registries are reached.
struct ImageOptions: ParsableArguments {
    @Option(help: "The image store directory (created with mode 0700).")
    var store: String = "/var/lib/butte/images"

    @Option(name: .customLong("insecure-registry"), help: "A registry (HOST[:PORT]) to reach over plain http; repeatable.")
    var insecureRegistries: [String] = []

    @Option(name: .customLong("registry-mirror"), help: "A Docker Hub mirror URL, tried before registry-1.docker.io; repeatable.")
    var registryMirrors: [String] = []

    @Option(name: .customLong("registry-auth"), help: "USER:PASSWORD for the image's registry (else ~/.docker/config.json).")
    var registryAuth: String?

    @Option(help: "The platform to pull from a multi-platform image, OS/ARCH[/VARIANT] (default: this host's).")
    var platform: String?

    /// The platform asked for, or the host's.
    func resolvedPlatform() throws -> Platform {
        guard let platform else { return .host }
        do {
            return try Platform(parsing: platform)
        } catch {
            throw UsageError(sentence: "--platform \(platform) is not OS/ARCH[/VARIANT], e.g. linux/arm64/v8.")
        }
    }

    /// The registry configuration for pulling `reference`.
    func registryConfiguration(for reference: ImageReference?) throws -> RegistryConfiguration {
        var mirrors: [RegistryEndpoint] = []
        for m in registryMirrors {
            do {
                mirrors.append(try RegistryEndpoint(url: m))
            } catch {
                throw UsageError(sentence: "--registry-mirror \(m) is not an http:// or https:// URL.")
            }
        }
        var credentials = try DockerConfigFile.load().credentials
        if let registryAuth, let reference {
            do {
                credentials[reference.domain] = try RegistryCredentials(parsing: registryAuth)
            } catch {
                throw UsageError(sentence: "--registry-auth must be USER:PASSWORD.")
            }
        }
        return RegistryConfiguration(
            insecureRegistries: Set(insecureRegistries),
            mirrors: mirrors,
            credentials: credentials,
            userAgent: "butte/\(ButteVersion.current)"
        )
    }

    /// Opens the store.
    func openStore(for reference: ImageReference? = nil) throws -> ImageStore {
        try ImageStore(directory: store, registry: try registryConfiguration(for: reference))
    }
}

/// Parses an image reference argument, or fails with a usage error naming it.
func parseReference(_ raw: String) throws -> ImageReference {
    do {
        return try ImageReference(parsing: raw)
    } catch {
        throw UsageError(sentence: "invalid image reference \(error.message).")
    }
}
