// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Hummingbird

extension Router {
    /// The methods an endpoint answers 405 to when it does not allow them.
    static var checkedMethods: [HTTPRequest.Method] { [.get, .post, .put, .delete, .patch, .head, .options] }

    /// Registers `handler` at `path` and, when `prefix` is given, also at `/<prefix><path>` — libprocess answers
    /// every `/master/x` route as bare `/x` too. Methods not in `methods` are answered
    /// `405 Method Not Allowed` with `Allow`.
    /// - Parameters:
    ///   - path: The bare path, e.g. `/api/v1/scheduler` or `/state`.
    ///   - prefix: The process name, e.g. `master`; nil for paths that exist only bare (`/version`).
    ///   - methods: The allowed methods.
    ///   - handler: Answers allowed requests.
    public func endpoint(
        _ path: String,
        prefix: String? = nil,
        methods: [HTTPRequest.Method],
        handler: @escaping @Sendable (Request, Context) async throws -> Response
    ) {
        var paths = [path]
        if let prefix { paths.append("/\(prefix)\(path)") }
        for fullPath in paths {
            for method in Self.checkedMethods {
                if methods.contains(method) {
                    on(RouterPath(fullPath), method: method) { request, context in try await handler(request, context) }
                } else {
                    on(RouterPath(fullPath), method: method) { request, _ -> Response in
                        throw HTTPAPIError.methodNotAllowed(request.method, allowed: methods)
                    }
                }
            }
        }
    }
}
