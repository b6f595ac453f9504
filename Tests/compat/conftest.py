# This file is part of Butte. SPDX-License-Identifier: Apache-2.0
"""Shared helpers: where the servers started by Tests/compat/run listen, and polling with a deadline."""

import collections
import collections.abc
import json
import os
import time
import urllib.request

import pytest

# marathon-python 0.13.0 serializes nested objects (an app's container.docker) through
# `collections.Iterable`, an alias Python 3.10 removed. Restore the alias for the interpreter
# rather than patching the library.
if not hasattr(collections, "Iterable"):
    collections.Iterable = collections.abc.Iterable


def wait_until(predicate, timeout=30.0, what="condition"):
    """Polls `predicate` until it returns something truthy, which is returned; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture(scope="session")
def master():
    """host:port of `butte master`."""
    return os.environ["BUTTE_COMPAT_MASTER"]


@pytest.fixture(scope="session")
def marathon_url():
    """Base URL of `butte scheduler`'s Marathon API."""
    return os.environ["BUTTE_COMPAT_MARATHON"]


@pytest.fixture(scope="session")
def agent_id():
    """The id the master gave the simulated agent."""
    return os.environ["BUTTE_COMPAT_AGENT_ID"]
