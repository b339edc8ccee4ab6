"""The HTML report: one self-contained page (inline CSS and SVG, no network), flags grouped by entity,
each with a chart of every source's interval on one axis and the quotes with the quantity marked."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime, timezone

from jinja2 import Environment, PackageLoader, select_autoescape

from kb.report.load import ReportFlag

COLORS = ["#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f"]
WIDTH, LEFT, RIGHT_PAD, ROW = 640, 190, 20, 22


def _format(value: float) -> str:
    if value == 0:
        return "0"
    exponent = int(math.floor(math.log10(abs(value)) / 3) * 3)
    prefixes = {-9: "n", -6: "µ", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E", 21: "Z", 24: "Y"}
    if exponent in prefixes:
        return f"{value / 10 ** exponent:.4g}{prefixes[exponent]}"
    return f"{value:.3g}"


def interval_chart(flag: ReportFlag) -> dict:
    """Rows of (label, low..high, value) on one linear axis in the canonical unit."""
    points = [v for c in flag.claims for v in (c.get("low_normalized"), c["value_normalized"], c.get("high_normalized"))
              if v is not None and math.isfinite(v)]
    lo, hi = (min(points), max(points)) if points else (0.0, 1.0)
    pad = (hi - lo) * 0.15 or abs(hi) * 0.1 or 1.0
    lo, hi = (max(0.0, lo - pad) if lo >= 0 else lo - pad), hi + pad  # counts and sizes never go below 0
    right = WIDTH - RIGHT_PAD

    def x(v):
        return round(LEFT + (v - lo) / (hi - lo) * (right - LEFT), 1)

    rows = []
    for i, claim in enumerate(flag.claims):
        value = claim["value_normalized"] if claim["value_normalized"] is not None else lo
        low, high = claim.get("low_normalized"), claim.get("high_normalized")
        name = (claim["source"]["title"] or claim["source"]["path"])[:26]
        rows.append({"y": 14 + i * ROW, "x": x(value), "x1": x(low) if low is not None else LEFT,
                     "x2": x(high) if high is not None else right, "color": COLORS[i % len(COLORS)],
                     "label": f"{name}: {claim['text']}"[:34]})
    axis_y = 14 + len(rows) * ROW
    label = _axis_label(flag)
    ticks = [{"x": x(lo + (hi - lo) * k / 4), "label": label(lo + (hi - lo) * k / 4, k == 4),
              "anchor": "end" if k == 4 else "start" if k == 0 else "middle"} for k in range(5)]
    return {"width": WIDTH, "height": axis_y + 22, "left": LEFT, "right": right, "axis_y": axis_y,
            "rows": rows, "ticks": ticks}


def _axis_label(flag: ReportFlag):
    """Tick labels in the unit the first claim states (`GB`, `MWh`, `$`), not the canonical one
    (`byte`, `3.33T joule`): a canonical value over the claim's own ratio of stated to canonical."""
    first = next((c for c in flag.claims if c.get("unit") and c.get("value") and c.get("value_normalized")), None)
    if first is None:
        return lambda v, last: _format(v) + (" " + (flag.claims[0]["unit_normalized"] or "") if last else "")
    per_unit = float(first["value_normalized"]) / float(first["value"])
    unit = first["unit"]
    return lambda v, last: f"{v / per_unit:.4g}" + (f" {unit}" if last else "")


def _with_quote_parts(flag: ReportFlag) -> ReportFlag:
    for claim in flag.claims:
        quote, text = claim["quote"], claim["text"]
        index = quote.find(text)
        claim["quote_before"], claim["quote_after"] = (quote[:index], quote[index + len(text):]) if index >= 0 else (quote + " — ", "")
    return flag


def render_html(flags: list[ReportFlag], duplicates: list[dict] = (), *, template: str = "report.html.j2",
                **page) -> str:
    """The flags grouped by entity in `template`: the report's own page, or `kb serve`'s flags page,
    which passes its links (`page`) and shows each flag through the same partial."""
    env = Environment(loader=PackageLoader("kb.report", "templates"), autoescape=select_autoescape(["html", "j2"]))
    groups: dict[str, list[dict]] = defaultdict(list)
    for flag in flags:
        groups[flag.entity or "(no entity)"].append({"flag": _with_quote_parts(flag), "chart": interval_chart(flag)})
    return env.get_template(template).render(
        flags=flags, groups=list(groups.items()), hard=sum(1 for f in flags if f.hard and f.status != "dismissed"),
        duplicates=list(duplicates), generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        **({"document_href": None} | page),
    )
