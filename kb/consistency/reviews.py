"""A reviewer's accept / dismiss, stored by flag key so it holds after the next `kb check`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from kb.errors import KbError
from kb.store.models import FlagReview, FlagRow, utcnow

STATUSES = ("accepted", "dismissed", "open")


def review_flag(engine: Engine, flag_id: int, status: str, note: str | None = None) -> FlagRow:
    if status not in STATUSES:
        raise KbError(f"status must be one of {', '.join(STATUSES)}")
    with Session(engine) as session, session.begin():
        flag = session.get(FlagRow, flag_id)
        if flag is None:
            raise KbError(f"no flag {flag_id} in the latest check (see `kb flags`)")
        review = session.get(FlagReview, flag.key)
        if status == "open":
            if review is not None:
                session.delete(review)
        elif review is None:
            session.add(FlagReview(key=flag.key, status=status, note=note))
        else:
            review.status, review.note, review.reviewed_at = status, note, utcnow()
        session.expunge(flag)
        return flag


def reviewed_keys(session: Session) -> dict[str, str]:
    return dict(session.execute(select(FlagReview.key, FlagReview.status)).all())
