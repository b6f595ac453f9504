// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import ButteImage
import ButteOCI

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `butte image`: the local image store (pull, list, inspect, remove, garbage-collect).
struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Pull Docker and OCI images from registries and manage the local image store.",
        subcommands: [Pull.self, List.self, Inspect.self, Remove.self, GarbageCollect.self]
    )

    /// Runs `body`, turning image and OCI errors into one sentence on standard error and exit status 1.
    static func reporting(_ command: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let e as ImageError {
            printError("butte image \(command): \(e.description)")
            throw ExitCode(1)
        } catch let e as OCIError {
            printError("butte image \(command): \(e.description)")
            throw ExitCode(1)
        }
    }

    /// `butte image pull REF`.
    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pull an image from a registry into the store.")

        @OptionGroup var options: ImageOptions

        @Flag(name: .long, help: "Print plain progress lines even on a terminal.")
        var plain = false

        @Argument(help: "The image reference, e.g. busybox, registry:5000/app:1.2 or app@sha256:...")
        var reference: String

        func run() async throws {
            let ref = try parseReference(reference)
            let platform = try options.resolvedPlatform()
            let store = try options.openStore(for: ref)
            try await ImageCommand.reporting("pull") {
                let display = plain ? ImagePullDisplay(live: false) : ImagePullDisplay()
                let start = ContinuousClock.now
                let image = try await store.pull(ref, platform: platform) { display.update($0) }
                display.finish()
                let ms = (ContinuousClock.now - start).components
                let millis = ms.seconds * 1000 + ms.attoseconds / 1_000_000_000_000_000
                let layers = image.record.layers.count
                print(
                    "\(ref): pulled \(image.record.digest) (\(image.record.platform), \(layers) layers) in \(millis / 1000).\(String(millis % 1000 + 1000).dropFirst())s"
                )
            }
        }
    }

    /// `butte image ls`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List the images in the store.")

        @OptionGroup var options: ImageOptions

        func run() async throws {
            let store = try options.openStore()
            try await ImageCommand.reporting("ls") {
                let records = try await store.list()
                var rows = [["REFERENCE", "DIGEST", "PLATFORM", "LAYERS", "SIZE"]]
                for r in records {
                    rows.append([
                        r.reference, String(r.digest.description.prefix(19)), r.platform, "\(r.layers.count)", ImagePullDisplay.bytes(r.size),
                    ])
                }
                let widths = (0..<5).map { c in rows.map { $0[c].count }.max() ?? 0 }
                for row in rows {
                    print(
                        row.enumerated().map { i, v in i == 4 ? v : v + String(repeating: " ", count: widths[i] - v.count) }.joined(separator: "  "))
                }
            }
        }
    }

    /// `butte image inspect REF`.
    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an image's record, config and layer directories as JSON.")

        @OptionGroup var options: ImageOptions

        @Argument(help: "The image reference.")
        var reference: String

        struct Output: Encodable {
            var record: ImageRecord
            var config: ImageConfig
            var layerDirectories: [String]
        }

        func run() async throws {
            let ref = try parseReference(reference)
            let store = try options.openStore()
            try await ImageCommand.reporting("inspect") {
                let image = try await store.image(ref)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let data = try encoder.encode(Output(record: image.record, config: image.config, layerDirectories: image.layerDirectories))
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }

    /// `butte image rm REF`.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Remove an image from the store, then collect the blobs and layers nothing else uses."
        )

        @OptionGroup var options: ImageOptions

        @Argument(help: "The image reference.")
        var reference: String

        func run() async throws {
            let ref = try parseReference(reference)
            let store = try options.openStore()
            try await ImageCommand.reporting("rm") {
                let record = try await store.remove(ref)
                print("removed \(record.reference) (\(record.digest))")
                let gc = try await store.collectGarbage()
                print("freed \(gc.blobs.count) blobs and \(gc.layers.count) layers")
            }
        }
    }

    /// `butte image gc`.
    struct GarbageCollect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "gc", abstract: "Remove blobs and layers that no image or container uses.")

        @OptionGroup var options: ImageOptions

        func run() async throws {
            let store = try options.openStore()
            try await ImageCommand.reporting("gc") {
                let gc = try await store.collectGarbage()
                for d in gc.layers { print("removed layer \(d)") }
                for d in gc.blobs { print("removed blob \(d)") }
                print("removed \(gc.blobs.count) blobs, \(gc.layers.count) layers, \(gc.temporaries) unfinished entries")
            }
        }
    }
}
