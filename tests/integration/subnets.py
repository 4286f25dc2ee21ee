"""Explicit, random 10.x.y.0/24 subnets for test networks.

The test daemons run without their own bridge, so every bridge network any of them
creates is a route on the shared host; the daemons' default address pools (~20 free
here) skip subnets in use by any of them and run out when several suites run at once.
Networks made with an explicit subnet take nothing from those pools.
"""

from __future__ import annotations

import random

from docker.types import IPAMConfig, IPAMPool


def random_subnet() -> tuple[str, str]:
    """(subnet, gateway) in 10.64.0.0/10, unlikely to meet another test's."""
    a, b = random.randint(64, 127), random.randint(0, 255)
    return f"10.{a}.{b}.0/24", f"10.{a}.{b}.1"


def ipam() -> IPAMConfig:
    subnet, gateway = random_subnet()
    return IPAMConfig(pool_configs=[IPAMPool(subnet=subnet, gateway=gateway)])
