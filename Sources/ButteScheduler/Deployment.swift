// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A deployment: the move of some apps from their definitions before a change to the ones after it.
///
/// It stays listed until every affected app has reached its target: all tasks of the new config running (and
/// healthy, when the app has health checks), the right number of them, and none of older configs.
public struct Deployment: Hashable, Sendable {
    /// One action of a step.
    public struct Action: Hashable, Sendable {
        /// `StartApplication`, `StopApplication`, `ScaleApplication` or `RestartApplication`.
        public var action: String
        /// The app.
        public var app: PathID
    }

    /// Deployment id (a UUID).
    public var id: String
    /// Version of the change.
    public var version: Timestamp
    /// Apps it changes.
    public var affectedApps: [PathID]
    /// Steps, each a list of actions.
    public var steps: [[Action]]
    /// Definitions before the change (absent: the app did not exist).
    public var original: [PathID: AppDefinition]
    /// Definitions after the change (absent: the app is removed).
    public var target: [PathID: AppDefinition]

    /// The plan from `original` to `target` of the given apps.
    static func plan(id: String, version: Timestamp, apps: [PathID], original: [PathID: AppDefinition], target: [PathID: AppDefinition])
        -> Deployment
    {
        var steps: [[Action]] = []
        var starts: [Action] = []
        var scales: [Action] = []
        var restarts: [Action] = []
        var stops: [Action] = []
        for app in apps {
            switch (original[app], target[app]) {
            case (nil, let new?):
                starts.append(Action(action: "StartApplication", app: app))
                if new.instances > 0 { scales.append(Action(action: "ScaleApplication", app: app)) }
            case (_?, nil):
                stops.append(Action(action: "StopApplication", app: app))
            case (let old?, let new?):
                if old.lastConfigChangeAt != new.lastConfigChangeAt {
                    restarts.append(Action(action: "RestartApplication", app: app))
                } else {
                    scales.append(Action(action: "ScaleApplication", app: app))
                }
            case (nil, nil):
                break
            }
        }
        for step in [starts, scales, restarts, stops] where !step.isEmpty { steps.append(step) }
        return Deployment(id: id, version: version, affectedApps: apps, steps: steps, original: original, target: target)
    }

    /// The REST form; `currentStep` is the first step whose apps have not reached their target.
    func json(currentStep: Int) -> JSON {
        let current = steps.isEmpty ? [] : steps[min(max(currentStep, 1), steps.count) - 1]
        return .object([
            "id": .string(id),
            "version": .string(version.description),
            "affectedApps": .strings(affectedApps.map(\.description)),
            "affectedPods": .array([]),
            "steps": .array(steps.map { step in .object(["actions": .array(step.map(Self.json(action:)))]) }),
            "currentActions": .array(
                current.map { action in
                    var object = Self.json(action: action).objectValue!
                    object["readinessCheckResults"] = .array([])
                    return .object(object)
                }),
            "currentStep": .int(steps.isEmpty ? 0 : min(max(currentStep, 1), steps.count)),
            "totalSteps": .int(steps.count),
        ])
    }

    private static func json(action: Action) -> JSON {
        .object(["action": .string(action.action), "app": .string(action.app.description)])
    }

    /// Stored form.
    func storedJSON() -> JSON {
        .object([
            "id": .string(id),
            "version": .string(version.description),
            "affectedApps": .strings(affectedApps.map(\.description)),
            "steps": .array(steps.map { step in .array(step.map { .strings([$0.action, $0.app.description]) }) }),
            "original": .array(original.values.sorted { $0.id < $1.id }.map { $0.json() }),
            "target": .array(target.values.sorted { $0.id < $1.id }.map { $0.json() }),
        ])
    }

    /// Reads the stored form.
    static func restore(_ json: JSON) -> Deployment? {
        guard let id = json["id"]?.stringValue, let version = json["version"]?.stringValue.flatMap(Timestamp.parse) else { return nil }
        let apps = (json["affectedApps"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap { try? PathID($0) } }
        let steps: [[Action]] = (json["steps"]?.arrayValue ?? []).map { step in
            (step.arrayValue ?? []).compactMap { pair in
                guard let parts = pair.arrayValue, parts.count == 2, let name = parts[0].stringValue,
                    let app = parts[1].stringValue.flatMap({ try? PathID($0) })
                else { return nil }
                return Action(action: name, app: app)
            }
        }
        func definitions(_ key: String) -> [PathID: AppDefinition] {
            var result: [PathID: AppDefinition] = [:]
            for item in json[key]?.arrayValue ?? [] {
                if let app = try? AppDefinition.restore(item) { result[app.id] = app }
            }
            return result
        }
        return Deployment(
            id: id, version: version, affectedApps: apps, steps: steps, original: definitions("original"), target: definitions("target"))
    }
}
