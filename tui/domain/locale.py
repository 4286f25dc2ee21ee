"""The language of the explanatory views when --lang is not given: from the locale variables."""

from __future__ import annotations

import os
from typing import Mapping


def lang_from_locale(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"
