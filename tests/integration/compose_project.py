"""A small real compose project (two services, a network, a volume) on the isolated
daemon, brought up with Debian's docker-compose 1.29 and torn down with ``down -v``."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.integration.subnets import random_subnet
from tests.support.daemon import TEST_IMAGE

COMPOSE_FILE = """\
version: "2.4"
services:
  web:
    image: {image}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait"]
    networks: [back]
    volumes: ["data:/data"]
  worker:
    image: {image}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait"]
    networks: [back]
networks:
  back:
    ipam:
      config:
        - subnet: {subnet}
volumes:
  data: {{}}
"""


class ComposeProject:
    def __init__(self, directory: Path, name: str) -> None:
        self.directory = directory
        self.name = name
        self.binary = shutil.which("docker-compose")
        if self.binary is None:
            pytest.fail("docker-compose is not installed (scripts/testbed installs it)")

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [self.binary, "-p", self.name, *args],
            cwd=self.directory,
            capture_output=True,
            text=True,
            env={**os.environ, "COMPOSE_INTERACTIVE_NO_CLI": "1"},
            timeout=120,
        )
        if done.returncode != 0:
            raise AssertionError(f"docker-compose {' '.join(args)} failed: {done.stderr[-2000:]}")
        return done.stdout

    def up(self) -> None:
        # An explicit subnet: the daemons' default pools are shared with every other suite's.
        subnet, _ = random_subnet()
        (self.directory / "docker-compose.yml").write_text(COMPOSE_FILE.format(image=TEST_IMAGE, subnet=subnet))
        self.run("up", "-d", "--no-build")

    def down(self) -> None:
        try:
            self.run("down", "-v", "--timeout", "2")
        except AssertionError:
            pass


def project_fixture(tmp_path):
    project = ComposeProject(tmp_path, f"dyt-{uuid.uuid4().hex[:8]}")
    project.up()
    return project
