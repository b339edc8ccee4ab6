"""Rendering flags as JSON (the contract), Markdown for reading, and CSV of flagged claims."""

from __future__ import annotations

import csv
import html
import io
import json
from collections import defaultdict
from datetime import datetime, timezone

from kb.output import csv_safe
from kb.report.load import ReportFlag, safe_link

FORMATS = ("json", "md", "html", "csv", "claimreview")
_RATINGS = {"conflict": "Sources disagree", "error_in_source": "Error in source", "minor_variance": "Minor variance",
            "unit_convention": "Unit convention", "needs_qualifier": "Needs context", "updated": "Updated figure"}


def render(flags: list[ReportFlag], fmt: str, duplicates: list[dict] = ()) -> str:
    """The report in `fmt`; `duplicates` (load.duplicate_texts) names texts stored under several names,
    which the check read once: JSON, Markdown and HTML say so."""
    from kb.report.html import render_html

    if fmt in ("json", "md", "html"):
        return {"json": render_json, "md": render_markdown, "html": render_html}[fmt](flags, list(duplicates))
    return {"csv": render_csv, "claimreview": render_claimreview}[fmt](flags)


def render_claimreview(flags: list[ReportFlag]) -> str:
    """schema.org ClaimReview JSON-LD for each flag a checker accepted: publishable fact-checks."""
    today = datetime.now(timezone.utc).date().isoformat()
    reviews = []
    for flag in flags:
        if flag.status != "accepted" or not flag.claims:
            continue
        first = flag.claims[0]
        reviews.append({
            "@type": "ClaimReview",
            "datePublished": today,
            "claimReviewed": first["quote"],
            "itemReviewed": {
                "@type": "Claim",
                "appearance": [
                    {"@type": "CreativeWork", "url": safe_link(c["source"]["url"]), "headline": c["source"]["title"],
                     "datePublished": c["source"]["date"], "text": c["quote"]}
                    for c in flag.claims
                ],
            },
            "author": {"@type": "Organization", "name": "kb"},
            "reviewRating": {"@type": "Rating", "alternateName": _RATINGS.get(flag.kind, flag.kind),
                             "ratingExplanation": flag.explanation},
            "reviewBody": flag.explanation,
        })
    return json.dumps({"@context": "https://schema.org", "@graph": reviews}, ensure_ascii=False, indent=2)


def render_json(flags: list[ReportFlag], duplicates: list[dict] = ()) -> str:
    report = {"generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "flags": [f.to_contract() for f in flags]}
    if duplicates:
        report["duplicate_sources"] = list(duplicates)  # one text under several names: one source
    return json.dumps(report, ensure_ascii=False, indent=2)


def _md(text) -> str:
    """Text from articles in Markdown: HTML escaped (a `<script>` title stays text), link brackets too."""
    escaped = html.escape("" if text is None else str(text), quote=False)
    return escaped.replace("[", "\\[").replace("]", "\\]")


def _highlight(quote: str, text: str) -> str:
    if text not in quote:
        return _md(quote)
    before, _, after = quote.partition(text)
    return f"{_md(before)}**{_md(text)}**{_md(after)}"


def render_markdown(flags: list[ReportFlag], duplicates: list[dict] = ()) -> str:
    lines = ["# kb report", ""]
    hard = [f for f in flags if f.hard and f.status != "dismissed"]
    lines.append(f"{len(flags)} flag{'' if len(flags) == 1 else 's'}, {len(hard)} that a fact-checker must look at "
                 "(conflicts and errors in a source, high or medium).")
    if duplicates:
        lines += ["", "Read once, as one source (the same text under several names):"]
        lines += [f"- {_md(d['read'])} = {', '.join(_md(n) for n in d['same_text_as'])}" for d in duplicates]
    by_entity: dict[str, list[ReportFlag]] = defaultdict(list)
    for flag in flags:
        by_entity[flag.entity or "(no entity)"].append(flag)
    for entity, group in by_entity.items():
        lines += ["", f"## {_md(entity)}", ""]
        for flag in group:
            status = "" if flag.status == "open" else f" [{flag.status}]"
            qualifiers = _md(", ".join(f"{k}: {v}" for k, v in flag.qualifiers.items()))
            lines.append(f"### {flag.severity.upper()} {flag.kind}: {_md(flag.attribute or 'value')}"
                         f"{' (' + qualifiers + ')' if qualifiers else ''}{status} — flag {flag.id}")
            lines += ["", _md(flag.explanation), ""]
            if flag.derived:
                lines += [f"Derived by kb: {flag.derived['formula']} = {flag.derived['value']:.4g} {flag.derived['unit']}", ""]
            for claim in flag.claims:
                source = claim["source"]
                url = safe_link(source["url"])
                name = _md(source["title"] or source["path"])
                link = f"[{name}](<{url}>)" if url else name
                lines.append(f"- {link}: {_highlight(claim['quote'], claim['text'])}")
            lines.append("")
    return "\n".join(lines) + "\n"


def render_csv(flags: list[ReportFlag]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["flag_id", "kind", "severity", "status", "entity", "attribute", "source", "url", "text",
                     "value", "unit", "value_normalized", "unit_normalized", "quote"])
    for flag in flags:
        for claim in flag.claims:
            writer.writerow([csv_safe(v) for v in (
                flag.id, flag.kind, flag.severity, flag.status, flag.entity, flag.attribute,
                claim["source"]["path"], claim["source"]["url"], claim["text"], claim["value"],
                claim["unit"], claim["value_normalized"], claim["unit_normalized"], claim["quote"])])
    return buffer.getvalue()
