"""Every operation of the OpenAPI schema (``/api/schema/``) shows an example request body
(when it takes one) and an example success answer, and every example is valid against the
schema it illustrates (kernel.schema_examples builds them)."""

from __future__ import annotations

import copy
import json

import pytest

from tests.support.api import schema_validator

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        answer = Client().get("/api/schema/?format=json")
    assert answer.status_code == 200
    return json.loads(answer.content)


def validator_for(schema_doc, media_schema):
    return schema_validator(schema_doc, media_schema)


def operations(schema_doc):
    for path, methods in schema_doc["paths"].items():
        for method, operation in methods.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def success_media(operation):
    for status, response in operation["responses"].items():
        if status.startswith("2"):
            yield from ((status, media) for media in response.get("content", {}).values() if "schema" in media)


def example_values(media):
    if "example" in media:
        return [media["example"]]
    return [entry["value"] for entry in media.get("examples", {}).values()]


def test_every_operation_has_a_request_and_a_success_example(schema):
    missing = []
    for name, operation in operations(schema):
        for media in operation.get("requestBody", {}).get("content", {}).values():
            if "schema" in media and not example_values(media):
                missing.append(f"{name}: request")
        answers = list(success_media(operation))
        if not answers:
            missing.append(f"{name}: no documented success answer")
        missing += [f"{name}: {status} answer" for status, media in answers if not example_values(media)]
    assert missing == []
    assert sum(1 for _ in operations(schema)) > 50  # the whole API was looked at


def test_every_example_is_valid_against_its_schema(schema):
    invalid = []
    for name, operation in operations(schema):
        media_list = [("request", m) for m in operation.get("requestBody", {}).get("content", {}).values()]
        media_list += list(success_media(operation))
        for where, media in media_list:
            validator = validator_for(schema, media["schema"])
            for value in example_values(media):
                for error in validator.iter_errors(value):
                    invalid.append(f"{name} {where}: {'/'.join(map(str, error.absolute_path))}: {error.message[:200]}")
    assert invalid == []


def test_examples_speak_mosip(schema):
    """The envelope's id is the endpoint's documented one and times are MOSIP's format."""
    login = schema["paths"]["/v1/authmanager/authenticate/useridPwd"]["post"]
    body = login["requestBody"]["content"]["application/json"]["examples"]["request"]["value"]
    assert body["request"]["userName"] and body["request"]["password"]
    answer = login["responses"]["200"]["content"]["application/json"]["examples"]["success"]["value"]
    assert answer["errors"] == [] and answer["responsetime"].endswith(".000Z")
    create = schema["paths"]["/partnermanagement/v1/misps"]["post"]
    body = create["requestBody"]["content"]["application/json"]["examples"]["request"]["value"]
    assert body["id"] == "mosip.partnermanagement.misp.create"
    assert "@" in body["request"]["emailId"]


def test_the_validation_catches_a_wrong_example(schema):
    """The check above can fail: a request example with a number for a text field is refused."""
    media = schema["paths"]["/partnermanagement/v1/misps"]["post"]["requestBody"]["content"]["application/json"]
    broken = copy.deepcopy(example_values(media)[0])
    broken["request"]["emailId"] = 5
    assert list(validator_for(schema, media["schema"]).iter_errors(broken))
