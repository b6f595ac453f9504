// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `butte image`: the local image store (pull, list, inspect, remove, garbage-collect).
struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Pull Docker and OCI images from registries and manage the local image store.",
        subcommands: [Pull.self, List.self, Inspect.self, Remove.self, GarbageCollect.self]
    )

    /// `butte image pull REF`.
    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pull an image from a registry into the store.")

        @Argument(help: "The image reference, e.g. busybox, registry:5000/app:1.2 or app@sha256:...")
        var reference: String

        func run() async throws { throw NotSupportedError(feature: "butte image pull") }
    }

    /// `butte image ls`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List the images in the store.")

        func run() async throws { throw NotSupportedError(feature: "butte image ls") }
    }

    /// `butte image inspect REF`.
    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an image's manifest and configuration.")

        @Argument(help: "The image reference.")
        var reference: String

        func run() async throws { throw NotSupportedError(feature: "butte image inspect") }
    }

    /// `butte image rm REF`.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove an image from the store.")

        @Argument(help: "The image reference.")
        var reference: String

        func run() async throws { throw NotSupportedError(feature: "butte image rm") }
    }

    /// `butte image gc`.
    struct GarbageCollect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "gc", abstract: "Remove blobs and layers that no image or container uses.")

        func run() async throws { throw NotSupportedError(feature: "butte image gc") }
    }
}
