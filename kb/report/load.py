"""Reading flags, their claims, sources and reviews back from the database."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import func, select, true
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


def load_flags(engine: Engine, *, include_dismissed: bool = True, entity: str | None = None) -> list[ReportFlag]:
    """The latest check's flags (those about `entity` only, by the name flags show), most severe
    first, each with its claims and their sources: two queries in all, however many flags there are."""
    about = FlagRow.entity == entity if entity else true()
    with Session(engine) as session:
        reviews = dict(session.execute(select(FlagReview.key, FlagReview.status)).all())
        claims_of: dict[int, list[dict]] = {}
        for row in session.execute(select(FlagClaim.flag_id, *_CLAIM_COLUMNS)
                                   .join(FlagRow, FlagRow.id == FlagClaim.flag_id)
                                   .join(Claim, FlagClaim.claim_id == Claim.id)
                                   .join(Document, Document.id == Claim.document_id)
                                   .where(about)
                                   .order_by(FlagClaim.flag_id, FlagClaim.position)):
            claims_of.setdefault(row[0], []).append(_claim(row))
        flags = []
        for row in session.execute(select(FlagRow.id, FlagRow.key, FlagRow.kind, FlagRow.severity, FlagRow.entity,
                                          FlagRow.attribute, FlagRow.qualifiers, FlagRow.explanation,
                                          FlagRow.derived).where(about).order_by(FlagRow.id)):
            status = reviews.get(row.key, "open")
            if status == "dismissed" and not include_dismissed:
                continue
            flags.append(ReportFlag(
                row.id, row.key, row.kind, row.severity, row.entity, row.attribute,
                json.loads(row.qualifiers or "{}"), row.explanation, status, claims_of.get(row.id, []),
                json.loads(row.derived) if row.derived else None,
            ))
    # the order a check finds flags in is its order of entity groups; the report's is its own
    return sorted(flags, key=lambda f: (-SEVERITY_ORDER[f.severity], f.entity or "", f.attribute or "", f.id))


def flag_counts(engine: Engine) -> dict[tuple[str, str, str], int]:
    """(kind, severity, status) -> how many flags the latest check stored: the summary `kb check`
    prints and `--fail-on` tests, counted by the database (an index covers kind and severity;
    the few reviewed flags are looked up by key)."""
    counts: dict[tuple[str, str, str], int] = {}
    with Session(engine) as session:
        for kind, severity, n in session.execute(
                select(FlagRow.kind, FlagRow.severity, func.count()).group_by(FlagRow.kind, FlagRow.severity)):
            counts[(kind, severity, "open")] = n
        reviews = dict(session.execute(select(FlagReview.key, FlagReview.status)).all())
        keys = list(reviews)
        for start in range(0, len(keys), 500):
            for key, kind, severity in session.execute(
                    select(FlagRow.key, FlagRow.kind, FlagRow.severity).where(FlagRow.key.in_(keys[start:start + 500]))):
                counts[(kind, severity, "open")] -= 1
                counts[(kind, severity, reviews[key])] = counts.get((kind, severity, reviews[key]), 0) + 1
    return {key: n for key, n in counts.items() if n}


_CLAIM_COLUMNS = (
    Document.source, Document.url, Document.title, Document.date, Claim.text, Claim.value_num, Claim.unit,
    Claim.value_normalized, Claim.low_normalized, Claim.high_normalized, Claim.unit_normalized, Claim.modifier,
    Claim.qualifiers, Claim.sentence, Claim.start_char, Claim.end_char, Claim.id,
)


def safe_link(url: str | None) -> str | None:
    """The URL as a link target only when it is http(s) with a host: `javascript:alert(1)` from an
    article's front matter stays text (the report's `source.url` keeps it as stored)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _claim(row) -> dict:
    (_, source, url, title, date, text, value, unit, normalized, low, high, unit_normalized, modifier,
     qualifiers, sentence, start, end, claim_id) = row
    return {
        "source": {"path": source, "url": url, "title": title, "date": date, "link": safe_link(url)},
        "text": text,
        "value": value,
        "unit": unit,
        "value_normalized": normalized,
        "low_normalized": low,
        "high_normalized": high,
        "unit_normalized": unit_normalized,
        "modifier": modifier,
        "qualifiers": json.loads(qualifiers or "{}"),
        "quote": sentence,
        "start": start,
        "end": end,
        "claim_id": claim_id,
    }


def duplicate_texts(engine: Engine) -> list[dict]:
    """Documents holding the same text under several names: the check read the first, once."""
    with Session(engine) as session:
        rows = session.execute(select(Document.content_hash, Document.source).order_by(Document.id)).all()
    groups: dict[str, list[str]] = {}
    for content_hash, source in rows:
        groups.setdefault(content_hash, []).append(source)
    return [{"read": names[0], "same_text_as": names[1:]} for names in groups.values() if len(names) > 1]
