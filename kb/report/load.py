"""Reading flags, their claims, sources and reviews back from the database."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from kb.consistency.rules import SEVERITY_ORDER
from kb.store.models import CheckRun, Claim, Document, FlagClaim, FlagReview, FlagRow


@dataclass
class ReportFlag:
    id: int
    key: str
    kind: str
    severity: str
    entity: str | None
    attribute: str | None
    qualifiers: dict
    explanation: str
    status: str  # open, accepted, dismissed
    claims: list[dict] = field(default_factory=list)
    derived: dict | None = None

    @property
    def hard(self) -> bool:
        """What a fact-checker must look at (../shared/CONTRACT.md)."""
        return self.kind in ("conflict", "error_in_source") and self.severity in ("high", "medium")

    def to_contract(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "severity": self.severity,
            "status": self.status,
            "entity": self.entity,
            "attribute": self.attribute,
            "qualifiers": self.qualifiers,
            "explanation": self.explanation,
            "claims": self.claims,
            "derived": self.derived,
        }


def latest_run(session: Session) -> CheckRun | None:
    return session.scalar(select(CheckRun).order_by(CheckRun.id.desc()).limit(1))


def load_flags(engine: Engine, *, include_dismissed: bool = True) -> list[ReportFlag]:
    """The latest check's flags, most severe first, each with its claims and their sources."""
    with Session(engine) as session:
        reviews = dict(session.execute(select(FlagReview.key, FlagReview.status)).all())
        rows = session.scalars(select(FlagRow).order_by(FlagRow.id)).all()
        flags = []
        for row in rows:
            status = reviews.get(row.key, "open")
            if status == "dismissed" and not include_dismissed:
                continue
            claims = session.execute(
                select(Claim, Document)
                .join(FlagClaim, FlagClaim.claim_id == Claim.id)
                .join(Document, Document.id == Claim.document_id)
                .where(FlagClaim.flag_id == row.id)
                .order_by(FlagClaim.position)
            ).all()
            flags.append(ReportFlag(
                row.id, row.key, row.kind, row.severity, row.entity, row.attribute,
                json.loads(row.qualifiers or "{}"), row.explanation, status,
                [_claim(c, d) for c, d in claims],
                json.loads(row.derived) if row.derived else None,
            ))
    return sorted(flags, key=lambda f: (-SEVERITY_ORDER[f.severity], f.entity or "", f.id))


def _claim(claim: Claim, doc: Document) -> dict:
    return {
        "source": {"path": doc.source, "url": doc.url, "title": doc.title, "date": doc.date},
        "text": claim.text,
        "value": claim.value_num,
        "unit": claim.unit,
        "value_normalized": claim.value_normalized,
        "low_normalized": claim.low_normalized,
        "high_normalized": claim.high_normalized,
        "unit_normalized": claim.unit_normalized,
        "modifier": claim.modifier,
        "qualifiers": json.loads(claim.qualifiers or "{}"),
        "quote": claim.sentence,
        "start": claim.start_char,
        "end": claim.end_char,
        "claim_id": claim.id,
    }
