"""The OpenAPI schema is valid, its reference page obeys the CSP, and a client made from it works on a live server.

The client is built at test time from the schema alone: each operation by its operationId, its path and method
read from the document; every request body is checked against the schema before it is sent, and every answer
against the schema after (openapi-spec-validator for the document, openapi-schema-validator for the bodies).
"""

import re
from decimal import Decimal

import pytest
import requests
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from api.services import api_token_create
from meetings.models import ActionItem
from results.models import Measurement, ProgressLog
from tests.builders import indicator_for, jpeg, make_partnership, signed_in
from tests.factories import ActionItemFactory, MinistryFactory

ENDPOINTS = {
    "/api/v1/partnerships/",
    "/api/v1/partnerships/{id}/",
    *(
        f"/api/v1/partnerships/{{id}}/{tail}/"
        for tail in [
            "charter-versions",
            "points",
            "gates",
            "indicators",
            "measurements",
            "milestones",
            "progress-logs",
            "meetings",
            "decisions",
            "action-items",
            "action-items/{item_pk}",
            "budget",
            "expenditures",
            "health-checks",
            "reviews",
        ]
    ),
}


def test_the_schema_is_valid_openapi_3_and_describes_every_endpoint(client, coordinator):
    signed_in(client, coordinator)

    spec = client.get("/api/v1/schema/", {"format": "json"}).json()

    validate(spec)
    assert spec["openapi"].startswith("3.0")
    assert set(spec["paths"]) == ENDPOINTS
    assert spec["components"]["securitySchemes"]["personalToken"]["scheme"] == "bearer"


def test_the_reference_page_runs_only_our_own_scripts(client, coordinator):
    signed_in(client, coordinator)

    page = client.get("/api/v1/reference/")

    html = page.content.decode()
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert page.status_code == 200
    assert html.count("<script") == len(sources) == 3  # no inline script: the CSP forbids them
    assert sources[0].endswith("/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert "'unsafe-inline'" not in page.headers["Content-Security-Policy"]
    start = client.get(sources[2].replace("&amp;", "&"))
    assert (start.status_code, start.headers["Content-Type"]) == (200, "application/javascript")
    assert "/api/v1/schema/" in start.content.decode()


class SchemaClient:
    """A client made from the schema the server publishes."""

    def __init__(self, base_url, token):
        self.base_url = base_url
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        self.spec = self.http.get(f"{base_url}/api/v1/schema/", params={"format": "json"}, timeout=30).json()
        validate(self.spec)
        self.operations = {
            operation["operationId"]: (method.upper(), path, operation)
            for path, item in self.spec["paths"].items()
            for method, operation in item.items()
        }

    def _check(self, schema, instance):
        OAS30Validator({"allOf": [schema], "components": self.spec["components"]}).validate(instance)

    def call(self, operation_id, *, json=None, data=None, files=None, **path):
        method, template, operation = self.operations[operation_id]
        if json is not None:
            self._check(operation["requestBody"]["content"]["application/json"]["schema"], json)
        if data is not None:
            assert "multipart/form-data" in operation["requestBody"]["content"]
        response = self.http.request(
            method, self.base_url + template.format(**path), json=json, data=data, files=files, timeout=30
        )
        declared = operation["responses"].get(str(response.status_code))
        if declared:
            self._check(declared["content"]["application/json"]["schema"], response.json())
        return response


@pytest.fixture
def live(live_server, settings, tmp_path, ministry, field_officer):
    settings.MEDIA_ROOT = tmp_path
    partnership = make_partnership([ministry, MinistryFactory()], title="Children first")
    indicator = indicator_for(partnership, ministry)
    item = ActionItemFactory(partnership=partnership, owner=field_officer)
    _token, secret = api_token_create(user=field_officer, name="District tool", scope="write")
    return partnership, indicator, item, SchemaClient(live_server.url, secret)


@pytest.mark.django_db(transaction=True)
def test_a_client_made_from_the_schema_reads_and_writes_on_the_live_server(live, field_officer):
    partnership, indicator, item, api = live

    listed = api.call("partnerships_list").json()["results"]
    indicators = api.call("partnerships_indicators_list", id=partnership.pk).json()["results"]
    reported = api.call(
        "partnerships_measurements_create",
        id=partnership.pk,
        json={"indicator": indicator.pk, "day": "2026-01-15", "value": "12.50", "submit": True},
    )
    logged = api.call(
        "partnerships_progress_logs_create",
        id=partnership.pk,
        data={"date": "2026-01-15", "text": "Met the families."},
        files=[("photos", ("site.jpg", jpeg().read(), "image/jpeg"))],
    )
    done = api.call(
        "partnerships_action_items_partial_update", id=partnership.pk, item_pk=item.pk, json={"status": "done"}
    )
    read_back = api.call("partnerships_measurements_list", id=partnership.pk).json()["results"]

    assert [row["title"] for row in listed] == ["Children first"]
    assert [row["id"] for row in indicators] == [indicator.pk]
    assert (reported.status_code, logged.status_code, done.status_code) == (201, 201, 200)
    measurement = Measurement.objects.get()
    assert (measurement.value, measurement.status, measurement.reported_by) == (
        Decimal("12.50"),
        Measurement.Status.SUBMITTED,
        field_officer,
    )
    assert [row["id"] for row in read_back] == [measurement.pk]
    assert ProgressLog.objects.get().attachments.get().is_image
    assert ActionItem.objects.get(pk=item.pk).status == ActionItem.Status.DONE


@pytest.mark.django_db(transaction=True)
def test_the_generated_client_is_refused_what_the_person_may_not_do(live, coordinator):
    partnership, indicator, _item, api = live
    foreign = make_partnership([MinistryFactory(), MinistryFactory()], title="Not theirs")

    missing = api.call("partnerships_retrieve", id=foreign.pk)
    wrong = api.call(
        "partnerships_measurements_create", id=partnership.pk, json={"indicator": indicator.pk, "day": "x"}
    )

    assert (missing.status_code, wrong.status_code, list(wrong.json())) == (404, 400, ["day"])
    assert not Measurement.objects.exists()
