"""The CKAN actions Hiraku serves: name → function(context, data) and whether GET is allowed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass
class Context:
    request: HttpRequest
    user: Any


@dataclass(frozen=True)
class Action:
    name: str
    function: Callable[[Context, dict], Any]
    side_effect_free: bool


ACTIONS: dict[str, Action] = {}


def action(name: str, *, side_effect_free: bool = False):
    def register(function: Callable[[Context, dict], Any]):
        ACTIONS[name] = Action(name, function, side_effect_free)
        return function

    return register
