"""A review that rejects the requester's point that an exemption was wrongly applied keeps it.

Batch 26 taught the reader that "was wrong to rely on section 31" drops section 31. The same
words under a negation ("was not wrong to rely on", "I do not consider that we were wrong to
apply") say the opposite: the provision is still relied on. Composed for this test.
"""

import pytest

from review_service.domain.notice_reader import read_notice


def provisions(text: str) -> list[str]:
    return [found.provision for found in read_notice(text).provisions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the single negation still drops the provision
        ("The Council was wrong to rely on section 31(1)(a); the information is released.", []),
        ("I find that the Trust was incorrect to apply section 43(2).", []),
        # negated, the provision stays
        (
            "I find that the Council was not wrong to rely on section 31(1)(a) of the Freedom of "
            "Information Act 2000, and the information remains withheld.",
            ["s.31(1)(a)"],
        ),
        (
            "We are withholding the information under section 31(1)(a). I do not consider that we "
            "were wrong to rely on section 31(1)(a).",
            ["s.31(1)(a)"],
        ),
        (
            "I am satisfied that the Council was entitled to rely on section 43(2). It was not "
            "incorrect to apply section 40(2) either.",
            ["s.43(2)", "s.40(2)"],
        ),
        (
            "I have concluded that the Trust was not mistaken in relying on section 40(2) and "
            "section 43(2).",
            ["s.40(2)", "s.43(2)"],
        ),
        ("The force wasn't wrong to apply section 30(1)(a).", ["s.30(1)(a)"]),
    ],
)
def test_a_negated_wrong_reliance_keeps_the_provision(text: str, expected: list[str]) -> None:
    assert provisions(text) == expected
