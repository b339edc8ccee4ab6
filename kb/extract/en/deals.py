"""Deals: money a thing is bought or sold for is its price (`agreed to sell its 33.3% stake in UK gas
distribution operator Scotia Gas Networks for £1.23 billion`), and what a buyer's verb buys is what that
price is about (`in talks to buy financial data analytics provider Refinitiv Holdings for $27 billion`: the
price of Refinitiv Holdings, not of the London Stock Exchange that buys it). Both sides of a story then
state one frame: `LSE agreed to buy Refinitiv for $27 billion` beside `Refinitiv, sold for $27 billion`.

The verbs are data (en/words.yaml `buying_verbs`, `selling_verbs`). A seller's verb names no entity: what it
sells is often its own (`its stake`), whose figure the subject already is. Nor does a buyer's verb in the
passive (`agreed to be acquired by US aerospace group Parker-Hannifin for £6.3 billion`: the buyer)."""

from __future__ import annotations

import re

from kb.extract.model import Quantity
from kb.extract.tokens import Tokens
from kb.extract.units import is_currency
from kb.extract.wordlists import alternation

_BUYING = alternation("en", "buying_verbs")
_DEAL_VERBS = "|".join(v for v in (_BUYING, alternation("en", "selling_verbs")) if v)
#: `for` right before the money (a hedge is part of the figure), a deal's verb before it in the same clause
_DEAL_RE = re.compile(rf"\b(?:{_DEAL_VERBS})\b[^;!?]*\bfor\s*\Z", re.IGNORECASE) if _DEAL_VERBS else None
#: A buyer's verb (not passive), what it buys, and `for` up to the money, through words that say which
#: value it is (`for an enterprise value of €706m`).
_BOUGHT_RE = re.compile(rf"\b(?:{_BUYING})\b(?!\s+by\b)(?P<thing>[^;!?]+?)\bfor(?:\s+(?:an?|the)\s+(?:[\w-]+\s+){{1,3}}?of)?\s*\Z",
                        re.IGNORECASE) if _BUYING else None
#: How far before the money a deal's verb may stand.
_DEAL_REACH = 120


def is_money(quantity: Quantity) -> bool:
    return is_currency(quantity.spec)


def priced_in_deal(quantity: Quantity, tokens: Tokens) -> bool:
    """Whether money is what a deal's thing is sold or bought for: its price."""
    if _DEAL_RE is None or not is_money(quantity):
        return False
    return _DEAL_RE.search(tokens.text, max(0, quantity.start - _DEAL_REACH), quantity.start) is not None


def bought_thing(quantity: Quantity, sentence: str, names) -> str | None:
    """The last name a buyer's verb has for its object, when the money is what it is bought for (`to acquire
    Dutch aerospace supply firm Fokker Technologies Group for an enterprise value of €706m`: Fokker
    Technologies Group); None when no name stands there."""
    if _BOUGHT_RE is None or not is_money(quantity):
        return None
    bought = _BOUGHT_RE.search(sentence, max(0, quantity.start - _DEAL_REACH), quantity.start)
    if bought is None:
        return None
    inside = [n for n in names if bought.start("thing") <= n.start and n.end <= bought.end("thing")]
    return inside[-1].text if inside else None
