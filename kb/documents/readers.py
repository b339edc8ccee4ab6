"""Readers for each supported format: Markdown/text with YAML front matter, HTML, and JSONL.

Every reader ends in the same place: a `Document` whose body is plain text, with metadata, the
decoding notes and the cleaned sentences the extractor will read.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import yaml

from kb import settings
from kb.documents.cleaning import clean
from kb.documents.encoding import decode
from kb.documents.language import detect_language
from kb.documents.model import Document
from kb.errors import InputError

#: Extensions picked up when walking a folder (a file named on the command line is read whatever its name).
FOLDER_EXTENSIONS = {".md", ".markdown", ".txt", ".text", ".html", ".htm", ".jsonl", ".ndjson"}
_FRONT_MATTER_RE = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_MARKDOWN_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links -> link text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # italics
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"^#{1,6}[ \t]+", re.MULTILINE), ""),  # headings
    (re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE), ""),  # quotes
]


def read_bytes(path: Path) -> bytes:
    """A file's bytes, refusing what is too large before reading it."""
    limit = int(settings.get("max_file_bytes"))
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"file is {size:,} bytes, over the {limit:,}-byte limit (KB_MAX_FILE_BYTES)")
        return path.read_bytes()
    except PermissionError as exc:
        raise InputError("permission denied") from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory") from exc
    except FileNotFoundError as exc:
        raise InputError("no such file") from exc
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from exc


def read_stdin(stream=None) -> bytes:
    """Standard input's bytes, read in blocks and refused past KB_MAX_FILE_BYTES (a pipe has no size
    to check first: 400 MB must end in this message, not in running out of memory)."""
    limit = int(settings.get("max_file_bytes"))
    source = stream or sys.stdin.buffer
    blocks, total = [], 0
    while True:
        block = source.read(min(1 << 20, limit + 1 - total))
        if not block:
            return b"".join(blocks)
        blocks.append(block)
        total += len(block)
        if total > limit:
            raise InputError(f"standard input is over the {limit:,}-byte limit (KB_MAX_FILE_BYTES)")


def format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".md", ".markdown"):
        return "markdown"
    return "text"


class _FrontMatterLoader(yaml.BaseLoader):
    """YAML for front matter: every scalar a string (no timestamps or integers to construct, so
    `date: 2025-13-45` or a 100,000-digit title cannot raise), and no aliases (a billion laughs)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.events.AliasEvent):
            raise yaml.YAMLError("aliases are not allowed in front matter")
        return super().compose_node(parent, index)

    def construct_scalar(self, node):
        """YAML's null (`title: null`, `date: ~`, `url:` left empty) is no value, not the word `null`:
        such a field is dropped. Quoted, `"null"` is the text."""
        if node.style is None and node.value in _YAML_NULLS:
            return None
        return super().construct_scalar(node)


#: The plain scalars YAML reads as null.
_YAML_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


#: Front matter is a few lines of metadata; past these sizes it is not metadata kb can use.
_MAX_FRONT_MATTER_CHARS = 64_000
_MAX_VALUE_CHARS = 4_000


def split_front_matter(text: str) -> tuple[dict, str, list[str]]:
    """(metadata, body, warnings). Malformed or hostile YAML is a one-line warning, never a failure:
    the document is stored without metadata."""
    m = _FRONT_MATTER_RE.match(text)
    if not m:
        return {}, text, []
    body = text[m.end():]
    if len(m.group(1)) > _MAX_FRONT_MATTER_CHARS:
        return {}, body, [f"front matter over {_MAX_FRONT_MATTER_CHARS:,} characters; metadata ignored"]
    try:
        meta = yaml.load(m.group(1), Loader=_FrontMatterLoader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        if "aliases" in str(exc):
            return {}, body, [f"aliases are not allowed in front matter{where}; metadata ignored"]
        return {}, body, [f"malformed YAML front matter{where}; metadata ignored"]
    except RecursionError:
        return {}, body, ["front matter nested too deeply; metadata ignored"]
    if not isinstance(meta, dict):
        return {}, body, ["front matter is not a mapping; metadata ignored"]
    meta = {k: v for k, v in meta.items() if v is not None}
    too_long = [k for k, v in meta.items() if len(str(v)) > _MAX_VALUE_CHARS]
    if too_long:
        return {}, body, [f"front matter field {str(too_long[0])[:40]!r} is over {_MAX_VALUE_CHARS:,} characters; "
                          "metadata ignored"]
    warnings = []
    if "date" in meta and not _is_date(meta["date"]):
        warnings.append(f"front matter date {str(meta['date'])[:40]!r} is not a date; date ignored")
        del meta["date"]
    return meta, body, warnings


def _is_date(value) -> bool:
    """An ISO date or date-time (`2025-06-01`, `2025-06-01T09:30:00+09:00`)."""
    text = str(value).strip()
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
        return True
    except ValueError:
        return False


def strip_markdown(text: str) -> str:
    """Markdown's inline markup removed, so quotes read as text and names are not split by `**`."""
    for pattern, replacement in _MARKDOWN_INLINE:
        text = pattern.sub(replacement, text)
    return text


def _text(value) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None


def _first_heading(body: str) -> str | None:
    """The first line, when it reads as a headline: short and not ending like a sentence."""
    for line in body.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            if len(line) <= 120 and not line.endswith((".", "。", "!", "?", "！", "？", ":", ",")):
                return line
            return None
    return None


def build_document(
    *, source: str, doc_id: str, body: str, fmt: str, meta: dict, lang: str | None, decoded=None,
    warnings: list[str] | None = None, content: bytes | str = b"",
) -> Document:
    """Finish a document: language, hash, decoding notes, cleaned sentences."""
    raw = content if isinstance(content, bytes) else content.encode("utf-8")
    doc = Document(
        source=source,
        doc_id=doc_id,
        body=body,
        format=fmt,
        title=_text(meta.get("title")) or _first_heading(body),
        url=_text(meta.get("url") or meta.get("link") or meta.get("canonical_url")),
        date=_text(meta.get("date")),
        author=_text(meta.get("author")),
        warnings=list(warnings or []),
    )
    declared = _text(meta.get("lang") or meta.get("language"))
    doc.lang = lang if lang and lang != "auto" else (declared[:2].lower() if declared else detect_language(body))
    doc.content_hash = hashlib.sha256(raw or body.encode("utf-8")).hexdigest()
    if decoded is not None:
        doc.encoding = decoded.encoding
        doc.replacement_chars = decoded.replacement_chars
        doc.undecodable_bytes = decoded.undecodable_bytes
        if decoded.undecodable_bytes:
            doc.warnings.append(f"{decoded.undecodable_bytes} undecodable bytes replaced")
    if doc.title and "\ufffd" in doc.title:
        doc.warnings.append("title contains U+FFFD (a character was lost before kb saw the file)")
    doc.sentences, doc.cleaning = clean(body)
    return doc


def _from_text(source: str, text: str, fmt: str, lang, decoded, raw) -> Document:
    meta, body, warnings = split_front_matter(text)
    if fmt == "markdown" or meta or re.search(r"\*\*\S|^#{1,6} ", body, re.MULTILINE):
        body = strip_markdown(body)
        fmt = "markdown"
    return build_document(source=source, doc_id=source, body=body, fmt=fmt, meta=meta, lang=lang,
                          decoded=decoded, warnings=warnings, content=raw)


def _from_html(source: str, text: str, lang, decoded, raw) -> Document:
    try:
        import trafilatura  # imported here: it is slow to import and only HTML needs it
    except ImportError as exc:
        raise InputError(f"HTML support is not installed ({exc.name or exc}); reinstall kb") from exc

    try:
        extracted = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura raises many kinds on hostile markup
        raise InputError(f"HTML could not be parsed: {type(exc).__name__}") from exc
    data = {} if extracted is None else (extracted if isinstance(extracted, dict) else extracted.as_dict())
    body = data.get("text") or ""
    if not body.strip():
        body = _visible_text(text)  # pages trafilatura gives up on (10,000 nested tags) still have text
    if not body.strip():
        raise InputError("HTML has no readable main text")
    meta = {k: data.get(k) for k in ("title", "url", "date", "author")}
    if data.get("language"):
        meta["lang"] = data["language"]
    return build_document(source=source, doc_id=source, body=body, fmt="html", meta=meta, lang=lang,
                          decoded=decoded, content=raw)


class _TextCollector(HTMLParser):
    """Visible text of a page, paragraph by paragraph, without scripts and styles."""

    _BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript", "template"):
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript", "template") and self._skip:
            self._skip -= 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _visible_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = "".join(collector.parts)
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()


def iter_jsonl(source: str, text: str, lang) -> Iterator[Document | InputError]:
    """One document a line; a broken line is an error for that line only."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError("needs an object with a string 'text'")
        except ValueError as exc:
            yield InputError(f"{source}:{number}: bad JSONL line ({exc})")
            continue
        doc_id = str(record.get("id", f"{source}:{number}"))
        meta = {k: record.get(k) for k in ("title", "url", "date", "author", "lang")}
        yield build_document(source=f"{source}#{doc_id}", doc_id=doc_id, body=record["text"], fmt="jsonl",
                             meta=meta, lang=lang or record.get("lang"), content=line)


def documents_from_bytes(source: str, data: bytes, fmt: str, lang: str | None = None) -> Iterator[Document | InputError]:
    """Every document in one file's bytes (JSONL holds many); errors are yielded, not raised."""
    try:
        decoded = decode(data)
    except InputError as exc:
        yield exc
        return
    text = decoded.text
    if fmt == "jsonl":
        yield from iter_jsonl(source, text, lang)
        return
    if fmt == "text" and re.match(r"\s*(?:<!doctype html|<html)", text[:500], re.IGNORECASE):
        fmt = "html"
    try:
        if fmt == "html":
            yield _from_html(source, text, lang, decoded, data)
        else:
            yield _from_text(source, text, fmt, lang, decoded, data)
    except InputError as exc:
        yield exc


def load(path: str | Path, lang: str | None = None) -> Iterator[Document | InputError]:
    """The documents in one file (`-` reads standard input as plain text)."""
    if str(path) == "-":
        try:
            data = read_stdin()
        except InputError as exc:
            yield exc
            return
        yield from documents_from_bytes("<stdin>", data, "text", lang)
        return
    path = Path(path)
    try:
        data = read_bytes(path)
    except InputError as exc:
        yield exc
        return
    yield from documents_from_bytes(str(path), data, format_of(path), lang)


def walk(paths: list[str]) -> Iterator[tuple[str, InputError | None]]:
    """Files named or found in folders (recursively, sorted, hidden files skipped, links not looped),
    each once and by its resolved path (`a.md`, `./a.md` and `/abs/a.md` are one file)."""
    seen: set[str] = set()
    for file, error in _walk(paths):
        if error is None and file != "-":
            file = resolved(file)
            if file in seen:
                continue
            seen.add(file)
        yield file, error


def resolved(path: str) -> str:
    """A file's one name: its real path (links followed), relative to the working directory when it
    lies inside it (so stored names stay short and readable), else absolute."""
    real = os.path.realpath(path)
    if not os.path.exists(real):
        return path  # a dangling link is reported by its own name
    here = os.path.realpath(os.getcwd())
    return os.path.relpath(real, here) if real.startswith(here + os.sep) else real


def _walk(paths: list[str]) -> Iterator[tuple[str, InputError | None]]:
    for raw in paths:
        if raw == "-":
            yield raw, None
            continue
        if not _utf8(raw):
            yield shown_name(raw), InputError("file name is not valid UTF-8 (rename the file to store it)")
            continue
        path = Path(raw)
        if not path.exists() and not path.is_symlink():
            yield raw, InputError("no such file or directory")
        elif path.is_dir():
            yield from _walk_folder(path)
        else:
            yield raw, None


def _walk_folder(root: Path) -> Iterator[tuple[str, InputError | None]]:
    seen_dirs: set[tuple[int, int]] = set()
    for folder, dirnames, filenames in os.walk(root, followlinks=True, onerror=None):
        try:
            stat = os.stat(folder)
        except OSError:
            continue
        if (stat.st_dev, stat.st_ino) in seen_dirs:
            dirnames[:] = []
            continue
        seen_dirs.add((stat.st_dev, stat.st_ino))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or Path(name).suffix.lower() not in FOLDER_EXTENSIONS:
                continue
            file = str(Path(folder) / name)
            if not _utf8(file):
                yield shown_name(file), InputError("file name is not valid UTF-8 (rename the file to store it)")
                continue
            yield file, None


def _utf8(name: str) -> bool:
    """Whether a name from the command line or the disk is text (Python keeps undecodable bytes of a
    file name as lone surrogates, which no database or terminal accepts)."""
    try:
        name.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def shown_name(name: str) -> str:
    """A file name fit to print and store: undecodable bytes as U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def iter_documents(paths: list[str], lang: str | None = None) -> Iterator[tuple[str, Document | InputError]]:
    """(file, document or error) for every document under `paths`, in a stable order."""
    for file, error in walk(paths):
        if error is not None:
            yield file, error
            continue
        for item in load(file, lang):
            yield file, item
