# This file is part of Butte. SPDX-License-Identifier: Apache-2.0
"""An unmodified pymesos MesosSchedulerDriver against `butte master` and the simulated agent."""

import threading
import time
import uuid

import pytest
from pymesos import MesosSchedulerDriver, Scheduler

from conftest import get_json, wait_until

TASK_CPUS = 0.1
TASK_MEM = 32


def scalar(offer, name):
    return sum(r["scalar"]["value"] for r in offer["resources"] if r["name"] == name and r["type"] == "SCALAR")


class RecordingScheduler(Scheduler):
    """Records what the driver reports and launches the tasks it has been asked to launch into offers."""

    def __init__(self):
        self.lock = threading.Lock()
        self.framework_id = None
        self.registered_count = 0
        self.reregistered_count = 0
        self.offers = []
        self.updates = []  # status dicts, in arrival order
        self.to_launch = []  # (task id, command)
        self.launched = []
        self.decline_seconds = 0.2
        self.errors = []

    # Scheduler callbacks (run on the driver's thread).

    def registered(self, driver, framework_id, master_info):
        with self.lock:
            self.framework_id = framework_id["value"]
            self.registered_count += 1

    def reregistered(self, driver, master_info):
        with self.lock:
            self.reregistered_count += 1

    def resourceOffers(self, driver, offers):
        for offer in offers:
            with self.lock:
                self.offers.append(offer)
                cpus, mem = scalar(offer, "cpus"), scalar(offer, "mem")
                tasks = []
                while self.to_launch and cpus >= TASK_CPUS - 1e-9 and mem >= TASK_MEM:
                    task_id, command = self.to_launch.pop(0)
                    cpus -= TASK_CPUS
                    mem -= TASK_MEM
                    tasks.append({
                        "task_id": {"value": task_id},
                        "agent_id": offer["agent_id"],
                        "name": task_id,
                        "resources": [
                            {"name": "cpus", "type": "SCALAR", "scalar": {"value": TASK_CPUS}},
                            {"name": "mem", "type": "SCALAR", "scalar": {"value": TASK_MEM}},
                        ],
                        "command": {"value": command, "shell": True},
                    })
                    self.launched.append(task_id)
                decline = self.decline_seconds
            if tasks:
                driver.launchTasks(offer["id"], tasks, filters={"refuse_seconds": 0.2})
            else:
                driver.declineOffer(offer["id"], filters={"refuse_seconds": decline})

    def statusUpdate(self, driver, status):
        with self.lock:
            self.updates.append(status)

    def error(self, driver, message):
        with self.lock:
            self.errors.append(message)

    # Test helpers.

    def launch(self, task_id, command):
        with self.lock:
            self.to_launch.append((task_id, command))

    def states(self, task_id):
        with self.lock:
            return [u["state"] for u in self.updates if u["task_id"]["value"] == task_id]

    def offer_count(self):
        with self.lock:
            return len(self.offers)


def framework_info(name, failover_timeout=None, framework_id=None):
    info = {"user": "root", "name": name, "hostname": "127.0.0.1"}
    if failover_timeout is not None:
        info["failover_timeout"] = failover_timeout
    if framework_id is not None:
        info["id"] = {"value": framework_id}
    return info


@pytest.fixture
def run_driver(master):
    """Starts drivers for a test and tears down (or stops) every one of them afterwards."""
    drivers = []

    def start(scheduler, framework):
        driver = MesosSchedulerDriver(scheduler, framework, master, use_addict=True)
        driver.start()
        drivers.append(driver)
        return driver

    yield start
    for driver in drivers:
        driver.stop()
        driver.join()


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_twenty_command_tasks_reach_finished(run_driver, master):
    scheduler = RecordingScheduler()
    task_ids = [unique(f"echo{i}") for i in range(20)]
    for task_id in task_ids:
        scheduler.launch(task_id, f"echo {task_id}")
    run_driver(scheduler, framework_info("compat-twenty"))
    wait_until(lambda: scheduler.framework_id, what="SUBSCRIBED")

    wait_until(lambda: all("TASK_FINISHED" in scheduler.states(t) for t in task_ids), timeout=60,
               what="20 tasks to reach TASK_FINISHED")
    for task_id in task_ids:
        states = scheduler.states(task_id)
        assert states.index("TASK_RUNNING") < states.index("TASK_FINISHED"), states
    assert scheduler.errors == []
    # The master's view agrees: every task is completed, none is still active.
    frameworks = get_json(f"http://{master}/master/frameworks")["frameworks"]
    ours = next(f for f in frameworks if f["id"] == scheduler.framework_id)
    completed = {t["id"]: t["state"] for t in ours["completed_tasks"]}
    assert all(completed.get(t) == "TASK_FINISHED" for t in task_ids), completed
    assert [t for t in ours["tasks"] if t["id"] in task_ids] == []


def test_revive_clears_decline_filter(run_driver):
    scheduler = RecordingScheduler()
    scheduler.decline_seconds = 3600
    driver = run_driver(scheduler, framework_info("compat-revive"))
    wait_until(lambda: scheduler.offer_count() >= 1, what="a first offer")
    count = scheduler.offer_count()
    time.sleep(1.5)
    assert scheduler.offer_count() == count, "an offer arrived although it was declined for an hour"
    driver.reviveOffers()
    wait_until(lambda: scheduler.offer_count() > count, timeout=10, what="an offer after REVIVE")


def test_kill_running_task(run_driver):
    scheduler = RecordingScheduler()
    task_id = unique("sleeper")
    scheduler.launch(task_id, "sleep 1000")
    driver = run_driver(scheduler, framework_info("compat-kill"))
    wait_until(lambda: "TASK_RUNNING" in scheduler.states(task_id), what="TASK_RUNNING")
    driver.killTask({"value": task_id})
    wait_until(lambda: "TASK_KILLED" in scheduler.states(task_id), what="TASK_KILLED")
    assert scheduler.states(task_id)[-1] == "TASK_KILLED"


def test_failover_keeps_tasks(run_driver, master):
    first = RecordingScheduler()
    task_id = unique("survivor")
    first.launch(task_id, "sleep 1000")
    driver = run_driver(first, framework_info("compat-failover", failover_timeout=60))
    wait_until(lambda: "TASK_RUNNING" in first.states(task_id), what="TASK_RUNNING")
    framework_id = first.framework_id
    driver.stop(failover=True)
    driver.join()

    def task_state():
        frameworks = get_json(f"http://{master}/master/frameworks")["frameworks"]
        ours = [f for f in frameworks if f["id"] == framework_id]
        tasks = [t["state"] for f in ours for t in f["tasks"] if t["id"] == task_id]
        return tasks[0] if tasks else None

    # While the scheduler is away, the master keeps the framework and its task.
    assert task_state() == "TASK_RUNNING"

    second = RecordingScheduler()
    driver = run_driver(second, framework_info("compat-failover", failover_timeout=60, framework_id=framework_id))
    wait_until(lambda: second.reregistered_count == 1, what="re-registration with the same framework id")
    assert second.registered_count == 0
    assert task_state() == "TASK_RUNNING"
    driver.reconcileTasks([])  # implicit reconciliation: the master reports every task it knows
    wait_until(lambda: "TASK_RUNNING" in second.states(task_id), what="the kept task in implicit reconciliation")


def test_explicit_reconciliation(run_driver, agent_id):
    scheduler = RecordingScheduler()
    running = unique("reconciled")
    unknown = unique("never-launched")
    scheduler.launch(running, "sleep 1000")
    driver = run_driver(scheduler, framework_info("compat-reconcile"))
    wait_until(lambda: "TASK_RUNNING" in scheduler.states(running), what="TASK_RUNNING")
    before = len(scheduler.updates)

    driver.reconcileTasks([
        {"task_id": {"value": running}, "agent_id": {"value": agent_id}},
        {"task_id": {"value": unknown}},
    ])

    def answers():
        with scheduler.lock:
            fresh = scheduler.updates[before:]
        found = {u["task_id"]["value"]: u for u in fresh if u.get("reason") == "REASON_RECONCILIATION"}
        return found if running in found and unknown in found else None

    found = wait_until(answers, what="reconciliation answers for both tasks")
    assert found[running]["state"] == "TASK_RUNNING"
    assert found[running]["source"] == "SOURCE_MASTER"
    assert found[unknown]["state"] == "TASK_LOST"
