"""Compare a route's OpenAPI success example with a real answer of that route: the same
envelope (keys, id, version), the same keys at every depth and the same kinds of values
(text, number, boolean; times in the same format: ``Z``, ``+00:00`` or no zone)."""

from __future__ import annotations

import functools
import json
import re
from typing import Any

_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


@functools.lru_cache(maxsize=1)
def _schema() -> dict:
    from django.test import Client

    answer = Client().get("/api/schema/?format=json")
    assert answer.status_code == 200
    return json.loads(answer.content)


def success_example(method: str, path: str) -> Any:
    """The first success example of ``METHOD path`` (path as the schema spells it)."""
    operation = _schema()["paths"][path][method.lower()]
    for status, response in operation["responses"].items():
        if status.startswith("2"):
            for media in response.get("content", {}).values():
                if "example" in media:
                    return media["example"]
                for entry in media.get("examples", {}).values():
                    return entry["value"]
    raise AssertionError(f"{method} {path}: no success example")


def shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        match = _TIME.match(value)
        return f"time{match.group(2) or ''}" if match else "text"
    return None


def _differences(example: Any, real: Any, where: str) -> list[str]:
    if example is None or real is None or example == [] or real == []:
        return []  # null or empty on one side: nothing to compare
    if isinstance(example, dict) and isinstance(real, dict):
        problems = [] if list(example) == list(real) or set(example) == set(real) else [
            f"{where}: keys {sorted(set(example) ^ set(real))} differ"]
        return problems + [p for key in set(example) & set(real)
                           for p in _differences(example[key], real[key], f"{where}.{key}")]
    if isinstance(example, list) and isinstance(real, list):
        return _differences(example[0], real[0], f"{where}[0]")
    if example == "text" and real.startswith("time") or real == "text" and example.startswith("time"):
        return []  # a text field that holds a time in one of them
    return [] if example == real else [f"{where}: example {example}, real {real}"]


def assert_example_like(answer_body: dict, method: str, path: str) -> None:
    example = success_example(method, path)
    assert (example.get("id"), example.get("version")) == (answer_body.get("id"), answer_body.get("version")), (
        f"{method} {path}: example envelope {example.get('id')}/{example.get('version')}")
    problems = _differences(shape(example), shape(answer_body), "answer")
    assert problems == [], f"{method} {path}: {problems}"
