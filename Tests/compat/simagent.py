# This file is part of Butte. SPDX-License-Identifier: Apache-2.0
"""A simulated Butte agent for the client compatibility tests.

It speaks the agent API (docs/agent-protocol.md) with the standard library only: one SUBSCRIBE whose
response is a chunked RecordIO stream of events, and short POSTs for its calls. It runs nothing. Tasks it
is given report TASK_RUNNING; a task whose command mentions `sleep` then keeps running until it is killed,
any other task reports TASK_FINISHED. Every status update carries a fresh uuid and is re-sent until the
master streams its ACKNOWLEDGE; updates of one task are delivered in order, one at a time.

Usage: simagent.py --master HOST:PORT --hostname NAME --ready FILE [--cpus N] [--mem MB]
The agent id is written to FILE once SUBSCRIBED arrives. A status line per event goes to stdout.
"""

import argparse
import base64
import http.client
import json
import os
import sys
import threading
import time
import uuid

TERMINAL = {"TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_LOST", "TASK_ERROR", "TASK_DROPPED", "TASK_GONE"}


def log(message):
    print(f"simagent: {message}", flush=True)


class RecordIOReader:
    """Reads `<length>\\n<json>` records from a (chunk-decoded) HTTP response."""

    def __init__(self, response):
        self.response = response

    def next(self):
        line = self.response.readline()
        if not line:
            return None
        length = int(line.strip())
        data = b""
        while len(data) < length:
            part = self.response.read(length - len(data))
            if not part:
                raise EOFError("stream ended inside a record")
            data += part
        return json.loads(data)


class Task:
    def __init__(self, framework_id, info):
        self.framework_id = framework_id
        self.info = info
        self.task_id = info["task_id"]["value"]
        self.pending = []  # unacknowledged updates, oldest first
        self.next_send = 0.0
        self.backoff = 0.5
        self.state = "TASK_STAGING"
        self.keeps_running = "sleep" in self.command()

    def command(self):
        parts = [self.info.get("command", {}).get("value", "")]
        parts += self.info.get("command", {}).get("arguments", [])
        executor = self.info.get("executor")
        if executor:
            parts.append(executor.get("command", {}).get("value", ""))
        return " ".join(p for p in parts if p)


class Agent:
    def __init__(self, master, hostname, cpus, mem):
        host, port = master.rsplit(":", 1)
        self.host, self.port = host, int(port)
        self.hostname = hostname
        self.cpus, self.mem = cpus, mem
        self.agent_id = None
        self.stream_id = None
        self.heartbeat = 15.0
        self.tasks = {}  # (framework id, task id) -> Task
        self.lock = threading.Condition()
        self.stopped = False

    # --- calls ---

    def post(self, call):
        body = json.dumps(call).encode()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            connection.request(
                "POST", "/api/v1/agent", body,
                {"Content-Type": "application/json", "Accept": "application/json", "Mesos-Stream-Id": self.stream_id},
            )
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            if response.status != 202:
                log(f"{call['type']} answered {response.status}: {text}")
            return response.status
        finally:
            connection.close()

    def resources(self):
        return [
            {"name": "cpus", "type": "SCALAR", "scalar": {"value": self.cpus}, "role": "*"},
            {"name": "mem", "type": "SCALAR", "scalar": {"value": self.mem}, "role": "*"},
            {"name": "disk", "type": "SCALAR", "scalar": {"value": 10240}, "role": "*"},
            {"name": "ports", "type": "RANGES", "ranges": {"range": [{"begin": 31000, "end": 32000}]}, "role": "*"},
        ]

    def subscribe(self):
        call = {
            "type": "SUBSCRIBE",
            "subscribe": {
                "agent_info": {"hostname": self.hostname, "port": 5051, "resources": self.resources()},
                "version": "0.1.0",
            },
        }
        connection = http.client.HTTPConnection(self.host, self.port, timeout=None)
        connection.request("POST", "/api/v1/agent", json.dumps(call).encode(),
                           {"Content-Type": "application/json", "Accept": "application/json"})
        response = connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"SUBSCRIBE answered {response.status}: {response.read()!r}")
        self.stream_id = response.getheader("Mesos-Stream-Id")
        reader = RecordIOReader(response)
        first = reader.next()
        if not first or first.get("type") != "SUBSCRIBED":
            raise RuntimeError(f"first event is not SUBSCRIBED: {first}")
        self.agent_id = first["subscribed"]["agent_id"]["value"]
        self.heartbeat = float(first["subscribed"].get("heartbeat_interval_seconds", 15))
        return reader

    # --- status updates ---

    def enqueue(self, task, state, message=None):
        """Records a new state of `task` and queues its update (caller holds the lock)."""
        if task.state in TERMINAL:
            return
        task.state = state
        status = {
            "task_id": {"value": task.task_id},
            "state": state,
            "source": "SOURCE_EXECUTOR",
            "agent_id": {"value": self.agent_id},
            "executor_id": {"value": task.task_id},
            "timestamp": time.time(),
            "uuid": base64.b64encode(uuid.uuid4().bytes).decode(),
        }
        if message:
            status["message"] = message
        task.pending.append(status)
        if len(task.pending) == 1:
            task.next_send = 0.0
            task.backoff = 0.5
        self.lock.notify_all()

    def sender(self):
        while True:
            with self.lock:
                if self.stopped:
                    return
                now = time.monotonic()
                due = [t for t in self.tasks.values() if t.pending and t.next_send <= now]
                if not due:
                    waits = [t.next_send - now for t in self.tasks.values() if t.pending]
                    self.lock.wait(timeout=min(waits + [1.0]))
                    continue
                calls = []
                for task in due:
                    calls.append({
                        "type": "UPDATE",
                        "agent_id": {"value": self.agent_id},
                        "update": {
                            "framework_id": {"value": task.framework_id},
                            "status": task.pending[0],
                            "latest_state": task.state,
                        },
                    })
                    task.next_send = now + task.backoff
                    task.backoff = min(task.backoff * 2, 10.0)
            for call in calls:
                try:
                    self.post(call)
                    log(f"UPDATE {call['update']['status']['task_id']['value']} {call['update']['status']['state']}")
                except OSError as error:
                    log(f"UPDATE failed: {error}")

    def acknowledge(self, framework_id, task_id, ack_uuid):
        with self.lock:
            task = self.tasks.get((framework_id, task_id))
            if not task or not task.pending or task.pending[0]["uuid"] != ack_uuid:
                log(f"ACKNOWLEDGE for nothing pending: {task_id}")
                return
            acknowledged = task.pending.pop(0)
            if acknowledged["state"] == "TASK_RUNNING" and not task.keeps_running:
                self.enqueue(task, "TASK_FINISHED", "command exited with status 0")
            if task.pending:
                task.next_send = 0.0
                task.backoff = 0.5
            elif task.state in TERMINAL:
                del self.tasks[(framework_id, task_id)]
            self.lock.notify_all()

    # --- events ---

    def handle(self, event):
        kind = event.get("type")
        if kind == "HEARTBEAT":
            return
        log(f"event {kind}")
        if kind == "RUN_TASK":
            run = event["run_task"]
            framework_id = run["framework_info"]["id"]["value"]
            task = Task(framework_id, run["task"])
            with self.lock:
                self.tasks[(framework_id, task.task_id)] = task
                self.enqueue(task, "TASK_RUNNING")
        elif kind == "RUN_TASK_GROUP":
            run = event["run_task_group"]
            framework_id = run["framework_info"]["id"]["value"]
            with self.lock:
                for info in run["task_group"].get("tasks", []):
                    task = Task(framework_id, info)
                    self.tasks[(framework_id, task.task_id)] = task
                    self.enqueue(task, "TASK_RUNNING")
        elif kind == "KILL_TASK":
            kill = event["kill_task"]
            with self.lock:
                task = self.tasks.get((kill["framework_id"]["value"], kill["task_id"]["value"]))
                if task:
                    self.enqueue(task, "TASK_KILLED", "killed on request")
        elif kind == "ACKNOWLEDGE":
            ack = event["acknowledge"]
            self.acknowledge(ack["framework_id"]["value"], ack["task_id"]["value"], ack["uuid"])
        elif kind == "SHUTDOWN_FRAMEWORK":
            framework_id = event["shutdown_framework"]["framework_id"]["value"]
            with self.lock:
                for key in [k for k in self.tasks if k[0] == framework_id]:
                    del self.tasks[key]
        elif kind == "ERROR":
            raise RuntimeError(f"master refused the agent: {event.get('error')}")

    def heartbeats(self):
        while not self.stopped:
            time.sleep(self.heartbeat)
            try:
                self.post({"type": "HEARTBEAT", "agent_id": {"value": self.agent_id}})
            except OSError as error:
                log(f"HEARTBEAT failed: {error}")


def main():
    parser = argparse.ArgumentParser(description="A simulated Butte agent that completes the tasks it is given.")
    parser.add_argument("--master", required=True, help="host:port of the master")
    parser.add_argument("--hostname", default="127.0.0.1")
    parser.add_argument("--ready", required=True, help="file the agent id is written to once subscribed")
    parser.add_argument("--cpus", type=float, default=16)
    parser.add_argument("--mem", type=float, default=32768)
    arguments = parser.parse_args()

    agent = Agent(arguments.master, arguments.hostname, arguments.cpus, arguments.mem)
    reader = agent.subscribe()
    log(f"subscribed as {agent.agent_id}")
    threading.Thread(target=agent.sender, daemon=True).start()
    threading.Thread(target=agent.heartbeats, daemon=True).start()
    temporary = arguments.ready + ".tmp"
    with open(temporary, "w") as ready:
        ready.write(agent.agent_id + "\n")
    os.rename(temporary, arguments.ready)
    while True:
        event = reader.next()
        if event is None:
            log("the master closed the event stream")
            return 1
        agent.handle(event)


if __name__ == "__main__":
    sys.exit(main())
