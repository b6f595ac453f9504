// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation

/// Principals and their secrets, as Mesos' `--credentials` file holds them.
///
/// Two formats are read, as Mesos reads them: JSON `{"credentials":[{"principal":"p","secret":"s"}]}`, or text
/// with one `principal secret` pair per line.
public struct Credentials: Sendable, Equatable {
    /// The secret of each principal.
    public var secrets: [String: String]

    /// Creates a set of credentials.
    public init(secrets: [String: String]) {
        self.secrets = secrets
    }

    /// Reads a credentials file.
    /// - Throws: ``CredentialsError`` naming the file when it cannot be read or has no valid entry.
    public init(contentsOf path: String) throws(CredentialsError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CredentialsError("cannot read credentials file '\(path)': \(error.localizedDescription)")
        }
        try self.init(parsing: data, source: path)
    }

    /// Parses the contents of a credentials file.
    /// - Throws: ``CredentialsError`` when neither format matches.
    public init(parsing data: Data, source: String = "credentials") throws(CredentialsError) {
        struct Document: Decodable {
            struct Entry: Decodable {
                var principal: String
                var secret: String
            }
            var credentials: [Entry]
        }
        let text = String(decoding: data, as: UTF8.self)
        if text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{") {
            do {
                let document = try JSONDecoder().decode(Document.self, from: data)
                secrets = Dictionary(document.credentials.map { ($0.principal, $0.secret) }, uniquingKeysWith: { _, last in last })
            } catch {
                throw CredentialsError("\(source) is not a valid credentials JSON document: \(error)")
            }
        } else {
            var parsed: [String: String] = [:]
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if fields.isEmpty { continue }
                guard fields.count == 2 else {
                    throw CredentialsError("\(source) line \(number + 1): expecting 'principal secret'")
                }
                parsed[String(fields[0])] = String(fields[1])
            }
            secrets = parsed
        }
        if secrets.isEmpty { throw CredentialsError("\(source) holds no credentials") }
    }

    /// Whether `principal` exists and has `secret`.
    public func verify(principal: String, secret: String) -> Bool {
        guard let known = secrets[principal] else { return false }
        // Compare every byte so the time taken does not tell how much of the secret matched.
        let lhs = Array(known.utf8)
        let rhs = Array(secret.utf8)
        var difference = lhs.count ^ rhs.count
        for index in 0..<max(lhs.count, rhs.count) {
            let a = index < lhs.count ? lhs[index] : 0
            let b = index < rhs.count ? rhs[index] : 0
            difference |= Int(a ^ b)
        }
        return difference == 0
    }
}

/// A credentials file that cannot be used.
public struct CredentialsError: Error, CustomStringConvertible, Equatable {
    /// What is wrong, naming the file.
    public var message: String

    /// Creates the error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
