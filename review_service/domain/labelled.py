"""String enums whose members carry the words people see for them."""

import enum
from typing import Self


class LabelledEnum(enum.StrEnum):
    """A `StrEnum` whose members are written `NAME = "value", "Label"`: `member.value` is the
    stored value and `member.label` what pages, letters and e-mails call it. Calling the class
    with a value finds the member, as for any enum (`CaseStatus("closed")`)."""

    _value_: str
    label: str

    # Only the class statement calls this, once a member (the enum machinery then puts the
    # lookup by value in its place); the optional label lets the type checker see that lookup.
    def __new__(cls, value: str, label: str | None = None) -> Self:
        if label is None:
            raise TypeError(f"{cls.__name__} member {value!r} has no label")
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member
