# This file is part of Butte. SPDX-License-Identifier: Apache-2.0
"""An unmodified marathon-python client against `butte scheduler`.

The simulated agent keeps tasks whose command contains `sleep` running until they are killed.
"""

import threading

import pytest
from marathon import MarathonApp, MarathonClient
from marathon.exceptions import NotFoundError
from marathon.models.container import MarathonContainer, MarathonDockerContainer

from conftest import wait_until


@pytest.fixture
def client(marathon_url):
    return MarathonClient(marathon_url)


@pytest.fixture
def cleanup(client):
    """App ids registered here are deleted (forced) after the test."""
    app_ids = []
    yield app_ids
    for app_id in app_ids:
        try:
            client.delete_app(app_id, force=True)
        except NotFoundError:
            pass


def running_tasks(client, app_id):
    return [t for t in client.list_tasks(app_id) if t.state == "TASK_RUNNING"]


def wait_running(client, app_id, count):
    return wait_until(lambda: (lambda tasks: tasks if len(tasks) == count else None)(running_tasks(client, app_id)),
                      timeout=60, what=f"{count} running task(s) of {app_id}")


def test_command_app_scale_kill_delete(client, cleanup):
    app_id = "/compat/sleeper"
    cleanup.append(app_id)
    created = client.create_app(app_id, MarathonApp(cmd="sleep 1000", cpus=0.1, mem=32, instances=1))
    assert created.id == app_id

    wait_running(client, app_id, 1)
    assert app_id in [a.id for a in client.list_apps()]
    app = client.get_app(app_id)
    assert (app.cmd, app.instances, app.cpus, app.mem) == ("sleep 1000", 1, 0.1, 32)

    deployment = client.scale_app(app_id, instances=2)
    assert deployment["deploymentId"]
    tasks = wait_running(client, app_id, 2)
    assert client.get_app(app_id).instances == 2
    assert all(t.app_id == app_id and t.host for t in tasks)

    # A killed task is replaced, the app keeps two instances.
    victim = tasks[0].id
    client.kill_task(app_id, victim)
    replaced = wait_until(
        lambda: (lambda ts: ts if len(ts) == 2 and victim not in [t.id for t in ts] else None)(running_tasks(client, app_id)),
        timeout=60, what="the killed task to be replaced")
    assert tasks[1].id in [t.id for t in replaced]

    client.delete_app(app_id)
    wait_until(lambda: app_id not in [a.id for a in client.list_apps()], what="the app to disappear")
    with pytest.raises(NotFoundError):
        client.get_app(app_id)
    wait_until(lambda: [t for t in client.list_tasks() if t.app_id == app_id] == [], what="the app's tasks to be killed")


def test_docker_app(client, cleanup):
    app_id = "/compat/docker"
    cleanup.append(app_id)
    container = MarathonContainer(type="DOCKER", docker=MarathonDockerContainer(image="busybox:latest", network="HOST"))
    client.create_app(app_id, MarathonApp(cmd="sleep 1000", cpus=0.1, mem=32, instances=1, container=container))
    wait_running(client, app_id, 1)
    app = client.get_app(app_id)
    assert app.container.type == "DOCKER"
    assert app.container.docker.image == "busybox:latest"


def test_pending_deployment_is_listed(client, cleanup):
    # No agent offers 1000 CPUs: the deployment stays in progress and is listed.
    app_id = "/compat/too-big"
    cleanup.append(app_id)
    deployment_id = client.create_app(app_id, MarathonApp(cmd="sleep 1000", cpus=1000, mem=32, instances=1)).deployments[0].id

    def listed():
        return [d for d in client.list_deployments() if d.id == deployment_id]

    deployment = wait_until(listed, what="the deployment in /v2/deployments")[0]
    assert app_id in deployment.affected_apps
    client.delete_app(app_id, force=True)
    wait_until(lambda: not listed(), what="the deployment to be gone after deleting the app")


def test_event_stream(client, cleanup):
    events = []
    failures = []
    seen = threading.Event()
    app_id = "/compat/evented"
    cleanup.append(app_id)

    def read():
        try:
            for event in client.event_stream():
                events.append(event)
                if event.event_type == "deployment_success":
                    seen.set()
                    return
        except Exception as error:  # reported by the test below
            failures.append(error)
            seen.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    wait_until(lambda: events or failures, what="the first event (event_stream_attached)")
    assert failures == []
    assert events[0].event_type == "event_stream_attached"

    client.create_app(app_id, MarathonApp(cmd="sleep 1000", cpus=0.1, mem=32, instances=1))
    assert seen.wait(60), f"no deployment_success among {[e.event_type for e in events]}"
    assert failures == []
    types = [e.event_type for e in events]
    assert "api_post_event" in types
    assert any(e.event_type == "status_update_event" and e.app_id == app_id and e.task_status == "TASK_RUNNING" for e in events), types
