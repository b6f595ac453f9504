// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// A command to run, with files to fetch and environment variables.
public struct CommandInfo: Codable, Hashable, Sendable {
    /// Files fetched into the sandbox before the command starts.
    public var uris: [URI]

    /// Environment variables.
    public var environment: Environment?

    /// When true (the default) run `/bin/sh -c value`; when false exec `value` with `arguments` as the full argv.
    public var shell: Bool?

    /// The shell command, or the program to exec.
    public var value: String?

    /// argv (including argv[0]) when `shell` is false.
    public var arguments: [String]

    /// User to run as.
    public var user: String?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        uris: [URI] = [],
        environment: Environment? = nil,
        shell: Bool? = nil,
        value: String? = nil,
        arguments: [String] = [],
        user: String? = nil
    ) {
        self.uris = uris
        self.environment = environment
        self.shell = shell
        self.value = value
        self.arguments = arguments
        self.user = user
    }

    enum CodingKeys: String, CodingKey {
        case uris
        case environment
        case shell
        case value
        case arguments
        case user
    }

    /// `shell` with Mesos' default applied.
    public var runsInShell: Bool { shell ?? true }
}

extension CommandInfo {
    /// A file to fetch into the sandbox.
    public struct URI: Codable, Hashable, Sendable {
        /// The URI.
        public var value: String

        /// Make the file executable.
        public var executable: Bool?

        /// Extract archives (default true).
        public var extract: Bool?

        /// Use the fetcher cache.
        public var cache: Bool?

        /// Name to save the file as.
        public var outputFile: String?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            value: String,
            executable: Bool? = nil,
            extract: Bool? = nil,
            cache: Bool? = nil,
            outputFile: String? = nil
        ) {
            self.value = value
            self.executable = executable
            self.extract = extract
            self.cache = cache
            self.outputFile = outputFile
        }

        enum CodingKeys: String, CodingKey {
            case value
            case executable
            case extract
            case cache
            case outputFile = "output_file"
        }
    }
}
