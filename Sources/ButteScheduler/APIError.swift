// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// An error answered by the REST API with Marathon's body: `{"message": "...", "details": [...]}`.
public struct APIError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// The body.
    public var body: JSON

    /// An error with a full body.
    public init(status: Int, body: JSON) {
        self.status = status
        self.body = body
    }

    /// An error with only a message.
    public init(status: Int, message: String) {
        self.init(status: status, body: .object(["message": .string(message)]))
    }

    /// The message of the body.
    public var description: String { body["message"]?.stringValue ?? "HTTP \(status)" }

    /// 404 with a message.
    public static func notFound(_ message: String) -> APIError { APIError(status: 404, message: message) }

    /// 400 with a message.
    public static func badRequest(_ message: String) -> APIError { APIError(status: 400, message: message) }

    /// 409 for a change to apps an unfinished deployment touches; the body lists those deployments.
    public static func locked(_ deploymentIDs: [String]) -> APIError {
        APIError(
            status: 409,
            body: .object([
                "message": .string(
                    "App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'."
                ),
                "deployments": .array(deploymentIDs.map { .object(["id": .string($0)]) }),
            ])
        )
    }

    /// 400 for JSON that cannot be parsed (`details` is a string, as in Marathon).
    public static func invalidJSON(_ parserMessage: String) -> APIError {
        APIError(status: 400, body: .object(["message": "Invalid JSON", "details": .string(parserMessage)]))
    }
}

/// One entry of a 422 body: a JSON-pointer-like path and its messages.
public struct ValidationDetail: Hashable, Sendable {
    /// `/healthChecks(0)/path`, or `/` for the whole object.
    public var path: String
    /// The messages for that path.
    public var errors: [String]

    /// A detail.
    public init(path: String, errors: [String]) {
        self.path = path
        self.errors = errors
    }

    /// Groups messages by path, keeping the order paths first appear in.
    static func grouped(_ entries: [(String, String)]) -> [ValidationDetail] {
        var order: [String] = []
        var byPath: [String: [String]] = [:]
        for (path, message) in entries {
            if byPath[path] == nil { order.append(path) }
            byPath[path, default: []].append(message)
        }
        return order.map { ValidationDetail(path: $0, errors: byPath[$0]!) }
    }

    /// The 422 error for a list of (path, message) entries.
    static func error(message: String, _ entries: [(String, String)]) -> APIError {
        APIError(
            status: 422,
            body: .object([
                "message": .string(message),
                "details": .array(grouped(entries).map { .object(["path": .string($0.path), "errors": .strings($0.errors)]) }),
            ])
        )
    }
}
