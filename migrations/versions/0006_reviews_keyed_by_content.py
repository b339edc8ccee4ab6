"""Flag reviews keyed by what their claims say (source, value, unit, attribute, entity) instead of
where the claims sit (`source@offset:text`): an edit earlier in an article no longer loses a review.
Stored keys are rewritten from the claims they name; a key whose claims are gone stays as it was.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 00:45:00
"""
import re

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_OLD_PART = re.compile(r"(?P<source>.*)@(?P<start>\d+):(?P<text>.*)", re.DOTALL)


def _new_part(source, value, unit, attribute, entity) -> str:
    # a frozen copy of kb.consistency.model.flag_key's part, as it was when this migration was written
    return "\x1f".join((source, "" if value is None else format(value, ".9g"), unit or "", attribute or "", entity or ""))


def upgrade() -> None:
    connection = op.get_bind()
    reviews = connection.execute(sa.text("SELECT key FROM flag_reviews")).scalars().all()
    lookup = sa.text("SELECT c.value_normalized, c.unit_normalized, c.attribute, c.entity FROM claims c "
                     "JOIN documents d ON d.id = c.document_id WHERE d.source = :source AND c.start_char = :start "
                     "AND c.text = :text")
    taken = set(reviews)
    for key in reviews:
        kind, _, rest = key.partition("|")
        parts = []
        for old in rest.split("|"):
            m = _OLD_PART.fullmatch(old)
            row = m and connection.execute(lookup, {"source": m["source"], "start": int(m["start"]),
                                                    "text": m["text"]}).first()
            if not row:
                break
            parts.append(_new_part(m["source"], *row))
        else:
            new = kind + "|" + "|".join(sorted(parts))
            if new not in taken:
                connection.execute(sa.text("UPDATE flag_reviews SET key = :new WHERE key = :old"), {"new": new, "old": key})
                taken.add(new)


def downgrade() -> None:
    pass  # the old keys named offsets the new ones do not hold; reviews keep their content keys
