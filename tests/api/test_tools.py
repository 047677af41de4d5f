"""The anonymous tools: working-day arithmetic and the refusal-notice reader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from review_service.config import REPO_ROOT
from tests.api.conftest import ApiClient

# CI checks shared/ out beside the clone; a worktree sits deeper, so look in every parent.
SAMPLES = next(
    (
        folder / "shared" / "samples"
        for folder in REPO_ROOT.parents
        if (folder / "shared" / "samples").is_dir()
    ),
    REPO_ROOT.parent / "shared" / "samples",
)
SAMPLE = SAMPLES / "mps-refusal-notice-2018030000548.txt"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "notices"


def deadline(api: ApiClient, query: str) -> Any:
    response = api.get(f"/api/v1/deadlines?{query}")
    assert response.status_code == 200, response.json
    return response.json


@pytest.mark.parametrize(
    ("start", "days", "regime", "due"),
    [
        # DOMAIN.md worked examples: bank holidays in any part of the UK (FOIA s.10(6)).
        ("2018-05-03", 40, "foia", "2018-07-02"),
        # Mon 19 March 2018, Northern Ireland's St Patrick's substitute, does not count.
        ("2018-03-15", 20, "foia", "2018-04-17"),
        ("2018-03-15", 40, "foia", "2018-05-16"),
        # 2 January 2024 is a Scottish bank holiday, so not an English working day either.
        ("2023-12-20", 20, "eir", "2024-01-23"),
        # FOISA s.73 counts Scottish holidays only: Easter Monday is a working day there.
        ("2018-03-15", 20, "foisa", "2018-04-13"),
        ("2026-10-05", 0, "foia", "2026-10-05"),
    ],
)
def test_deadlines_count_working_days_as_the_law_does(
    api: ApiClient, start: str, days: int, regime: str, due: str
) -> None:
    result = deadline(api, f"from={start}&working_days={days}&regime={regime}")
    assert result["date"] == due
    assert result["from"] == start
    assert result["working_days"] == days
    assert result["regime"] == regime


def test_the_skipped_days_are_named(api: ApiClient) -> None:
    result = deadline(api, "from=2018-03-15&working_days=20")
    skipped = {day["date"]: day["name"] for day in result["skipped"]}
    assert "Northern Ireland" in skipped["2018-03-19"]
    assert skipped["2018-03-30"] == "Good Friday"
    assert skipped["2018-03-17"] == "Saturday"
    assert "2018-04-17" not in skipped


def test_foia_is_the_default_regime(api: ApiClient) -> None:
    assert deadline(api, "from=2018-03-15&working_days=20")["date"] == "2018-04-17"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("working_days=20", "from"),
        ("from=2018-02-30&working_days=20", "from"),
        ("from=1999-12-31&working_days=20", "from"),
        ("from=2018-03-15&working_days=-1", "working_days"),
        ("from=2018-03-15&working_days=twenty", "working_days"),
        ("from=2018-03-15&working_days=1001", "working_days"),
        ("from=2018-03-15&working_days=%C2%B2", "working_days"),  # "²" is a digit to isdigit()
        ("from=2018-03-15&working_days=20&regime=gdpr", "regime"),
        ("from=2018-03-15&working_days=20&region=scotland", "region"),
        ("from=2040-12-01&working_days=200", "working_days"),
    ],
)
def test_a_bad_calculation_names_the_parameter(api: ApiClient, query: str, field: str) -> None:
    response = api.get(f"/api/v1/deadlines?{query}")
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json["errors"]]


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared/samples is not checked out")
def test_the_sample_notice_is_read(api: ApiClient) -> None:
    response = api.post("/api/v1/notices/parse", json={"text": SAMPLE.read_text()})
    assert response.status_code == 200
    reading = response.json
    assert reading["reference"] == "2018030000548"
    assert reading["regime"] == "foia"
    assert [(p["provision"], p["ncnd"]) for p in reading["provisions"]] == [
        ("s.24(2)", True),
        ("s.31(3)", True),
    ]
    assert reading["provisions"][0]["title"] == "National security"
    assert reading["provisions"][0]["absolute"] is False


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_every_reading_of_the_fixture_notices_matches_the_schema(api: ApiClient, name: str) -> None:
    # The autouse OpenAPI check validates each reading against the NoticeReading schema.
    response = api.post("/api/v1/notices/parse", json={"text": (FIXTURES / name).read_text()})
    assert response.status_code == 200


def test_a_notice_must_have_text(api: ApiClient) -> None:
    response = api.post("/api/v1/notices/parse", json={"text": ""})
    assert response.status_code == 422
    assert response.json["errors"] == [{"field": "text", "message": "Must not be empty"}]
    response = api.post("/api/v1/notices/parse", json={"text": "x" * 200_001})
    assert response.json["errors"] == [
        {"field": "text", "message": "Must be 200,000 characters or fewer"}
    ]
