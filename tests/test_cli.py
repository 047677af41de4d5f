"""The review-service command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from review_service.cli import main

REPO = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "review_service.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


def app_env(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The command line reads the holiday overrides from the app's database (issue 11 item 9)."""
    return {"DATABASE_URL": app.config["DATABASE_URL"], "REVIEW_SERVICE_ENV": "test"}


def test_deadline_prints_the_iso_date_first_then_the_skipped_days(app) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner(env=app_env(app)).invoke(
        main, ["deadline", "--from", "2018-03-15", "--working-days", "20"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "2018-04-17"
    # Monday 19 March 2018: the Northern Ireland St Patrick's Day substitute.
    assert any(line.startswith("skipped 2018-03-19") for line in lines[1:])
    assert any(line.startswith("skipped 2018-03-30") for line in lines[1:])  # Good Friday


def test_the_installed_console_script_gives_the_same_deadline(app) -> None:  # type: ignore[no-untyped-def]
    script = Path(sys.executable).with_name("review-service")
    result = subprocess.run(
        [str(script), "deadline", "--from", "2018-03-15", "--working-days", "20"],
        env={**os.environ, **app_env(app)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "2018-04-17"


def test_deadline_counts_scottish_days_only_for_foisa() -> None:
    # 2023-12-20 + 20: FOIA skips 2 January 2024 (Scotland) as well as the common days.
    foia = CliRunner().invoke(
        main, ["deadline", "--from", "2023-12-20", "--working-days", "20", "--without-overrides"]
    )
    assert foia.output.splitlines()[0] == "2024-01-23"
    # FOISA s.73: Scottish bank holidays only. The NI St Patrick's substitute (19 March 2018)
    # and Easter Monday (2 April, not a Scottish bank holiday) are working days; Good Friday
    # is not. So 20 working days end on Friday 13 April, not FOIA's 17 April.
    foisa = CliRunner().invoke(
        main,
        ["deadline", "--from", "2018-03-15", "--working-days", "20", "--regime", "foisa",
         "--without-overrides"],
    )  # fmt: skip
    assert foisa.exit_code == 0
    assert foisa.output.splitlines()[0] == "2018-04-13"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "15/03/2018", "--working-days", "20"], "YYYY-MM-DD"),
        (["--from", "2018-03-15", "--working-days", "-1"], "-1"),
        (["--from", "2018-03-15", "--working-days", "20", "--regime", "gdpr"], "gdpr"),
        (["--working-days", "20"], "--from"),
    ],
)
def test_deadline_rejects_bad_arguments_with_a_clear_message(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["deadline", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_db_upgrade_then_demo_then_case_show(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "REVIEW_SERVICE_ENV": "test"}
    upgraded = run("db", "upgrade", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    demo = run("demo", env=env)
    assert demo.returncode == 0, demo.stderr
    assert "caseworker@demo.example" in demo.stdout
    again = run("demo", env=env)
    assert again.returncode == 0
    assert "already exist" in again.stdout
    missing = run("case", "show", "IR-2099-00001", env=env)
    assert missing.returncode == 1
    assert "No case with reference IR-2099-00001" in missing.stderr


def test_case_show_prints_the_case_and_its_timeline(app, session) -> None:  # type: ignore[no-untyped-def]
    from review_service.extensions import commit
    from tests.factories import create_case

    case = create_case(session)
    commit()
    runner = CliRunner(
        env={"DATABASE_URL": app.config["DATABASE_URL"], "REVIEW_SERVICE_ENV": "test"}
    )
    result = runner.invoke(main, ["case", "show", case.reference])
    assert result.exit_code == 0, result.output
    assert case.reference in result.output
    assert "s.24(2) NCND" in result.output
    assert "Complaint filed" in result.output


def test_create_user_refuses_a_duplicate_email(app, session) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner(
        env={"DATABASE_URL": app.config["DATABASE_URL"], "REVIEW_SERVICE_ENV": "test"}
    )
    first = runner.invoke(main, ["create-user", "--role", "reviewer", "--email", "r@example.org"])
    assert first.exit_code == 0, first.output
    assert "password:" in first.output
    second = runner.invoke(main, ["create-user", "--role", "reviewer", "--email", "R@example.org"])
    assert second.exit_code == 2
    assert "already exists" in second.output


def _parse_notice(tmp_path: Path, text: str, *options: str) -> str:
    notice = tmp_path / "notice.txt"
    notice.write_text(
        f"Our ref: FOI-2024-0042\n12 March 2024\n\nDear Ms Smith,\n\n{text}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["parse-notice", str(notice), *options])
    assert result.exit_code == 0, result.output
    return result.output


def test_parse_notice_calls_the_cost_limit_a_ground_for_refusal(tmp_path: Path) -> None:
    # s.12 has no public-interest test, but it is not an "absolute" exemption: it is no exemption
    output = _parse_notice(
        tmp_path,
        "We are refusing your request under section 12(1), as the cost of complying would "
        "exceed the appropriate limit. Part of it is exempt under section 40(2).",
    )
    lines = {line.split()[0]: line for line in output.splitlines() if line.startswith("  ")}
    assert "(ground for refusal, not an exemption)" in lines["s.12(1)"]
    assert "absolute" not in lines["s.12(1)"]
    assert "(absolute)" in lines["s.40(2)"]


def test_parse_notice_prints_json(tmp_path: Path) -> None:
    output = _parse_notice(
        tmp_path,
        "We hold the information but it is exempt under section 43(2) (commercial interests). "
        "We have considered the public interest.",
        "--json",
    )
    data = json.loads(output)
    assert data["reference"] == "FOI-2024-0042"
    assert data["date"] == "2024-03-12"
    assert [p["provision"] for p in data["provisions"]] == ["s.43(2)"]


def test_parse_notice_says_eir_regulation_5_3_is_outside_the_duty(tmp_path: Path) -> None:
    # EIR reg 5(3): the applicant's own personal data; no public-interest test, and no exception.
    output = _parse_notice(
        tmp_path,
        "Environmental Information Regulations 2004\n\nThe notes about you are withheld under "
        "regulation 5(3) of the EIR, and other residents' names under regulation 13.",
    )
    lines = {line[2:16].strip(): line for line in output.splitlines() if line.startswith("  ")}
    assert "(outside the duty to disclose, not an exception)" in lines["reg 5(3)"]
    assert "absolute" not in lines["reg 5(3)"]
    assert "(absolute)" in lines["reg 13"]
