"""The pages about the whole service (home, accessibility, privacy) name each law's own review and
each regulator's own word for the requester's approach to it, not FOIA's alone: the service
handles EIR reconsiderations (reg 11) and FOISA reviews (s.20) and applications to the Scottish
Information Commissioner (s.47) as well as FOIA internal reviews and ICO complaints (issue 11)."""

from __future__ import annotations

import pytest

from review_service.domain.calendar import Regime
from review_service.domain.regimes import rules_for
from review_service.domain.regulators import regulator_for


@pytest.mark.parametrize("path", ["/", "/accessibility", "/privacy"])
def test_a_page_about_the_service_names_every_law_s_review_and_every_regulator_s_word(
    client,  # type: ignore[no-untyped-def]
    path: str,
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    text = " ".join(response.get_data(as_text=True).split())

    for regime in Regime:
        assert rules_for(regime).review_name in text, (regime, path)
        regulator = regulator_for(regime)
        office = regulator.name.removesuffix("'s Office")  # the Commissioner, not the office
        assert f"{regulator.complaint_word} to the {office}" in text, (regime, path)
