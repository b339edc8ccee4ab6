"""The extractor's output records. They know nothing of the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kb.extract.numbers import format_decimal
from kb.extract.units import UnitSpec


#: Head offsets a subject hook may give instead of a word's (languages.py `subject`, `window_subject`): the
#: phrase names what is measured, so only a name inside it is whose (`sales revenue from Huawei's carrier
#: business`); or the whole phrase is the subject, whatever names it holds (`The 256GB variant of the iPhone 11
#: Pro Max`: not the iPhone 11 Pro Max's).
MEASURED_HEAD = -1
WHOLE_PHRASE = -2


@dataclass(frozen=True)
class Quantity:
    """A quantity expression inside one sentence, as an interval in its stated unit.

    `low`/`high` are None where the text leaves that side open (`over 300`: high is None).
    """

    start: int
    end: int
    text: str
    value: Decimal
    low: Decimal | None
    high: Decimal | None
    modifier: str
    change: str | None
    unit: str | None
    spec: UnitSpec | None


@dataclass(frozen=True)
class Claim:
    """A quantity with its provenance and what it is about: the unit a fact-checker compares."""

    doc_id: str
    start: int
    end: int
    text: str
    value: Decimal
    low: Decimal | None
    high: Decimal | None
    modifier: str
    change: str | None
    unit: str | None
    unit_normalized: str | None
    value_normalized: float | None
    low_normalized: float | None
    high_normalized: float | None
    dimension: str
    entity: str | None
    attribute: str | None
    qualifiers: dict = field(default_factory=dict)
    sentence: str = ""
    sentence_start: int = 0
    lang: str = "en"
    entity_from_context: bool = False
    #: the entity is the thing this figure alone describes (`出力10万キロワットの洋上風力`), not what its
    #: clause is about: the figures after it do not inherit it (not part of the record)
    entity_local: bool = field(default=False, compare=False)

    def to_record(self) -> dict:
        """The `kb extract` JSONL line (../shared/CONTRACT.md): numbers as JSON numbers."""
        return {
            "doc_id": self.doc_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": _json_number(self.value),
            "low": _json_number(self.low),
            "high": _json_number(self.high),
            "modifier": self.modifier,
            "change": self.change,
            "unit": self.unit,
            "unit_normalized": self.unit_normalized,
            "value_normalized": self.value_normalized,
            "low_normalized": self.low_normalized,
            "high_normalized": self.high_normalized,
            "dimension": self.dimension,
            "entity": self.entity,
            "entity_from_context": self.entity_from_context,
            "attribute": self.attribute,
            "qualifiers": dict(self.qualifiers),
            "sentence": self.sentence,
            "lang": self.lang,
            "value_exact": format_decimal(self.value),
        }


def _json_number(value: Decimal | None):
    """Integers stay integers (524288, not 524288.0); other values become floats for JSON."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)
