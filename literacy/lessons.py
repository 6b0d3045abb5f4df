"""Lesson files: parse, validate and render (docs/lesson-format.md).

Markdown is rendered with the `markdown` package and then sanitised with nh3
against an explicit allow-list, even though we write the lessons ourselves.
Widget and example markers survive as plain paragraphs and are replaced with
server-rendered parts at request time; citations become numbered links.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import nh3
import yaml

WIDGETS = {
    "gan-replay",
    "be-the-discriminator",
    "latent-explorer",
    "latent-walk",
    "faceswap-diagram",
    "diffusion-steps",
    "forensics",
    "lateral-reading",
}
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
CITE_RE = re.compile(r"\[\^([a-z0-9][a-z0-9-]*)\]")
WIDGET_RE = re.compile(r"^\[\[widget:([a-z0-9-]+)\]\]$", re.M)
EXAMPLES_RE = re.compile(r"^\[\[examples:([^\]]+)\]\]$", re.M)
CHECKED_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TEACHER_SUBSECTIONS = ("### Discussion prompts", "### Classroom activity", "### Common misconceptions")
ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "code", "pre", "blockquote", "table",
    "thead", "tbody", "tr", "th", "td", "hr", "br", "sup", "sub", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "abbr": {"title"}}


class LessonFileError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LessonFile:
    path: Path
    meta: dict
    core: str
    deeper: str
    teacher: str
    sha256: str
    problems: list[str] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[str, str]:
    if not text.startswith("---\n"):
        raise ValueError("the file must start with '---' front matter")
    end = text.find("\n---\n", 4)
    if end == -1:
        raise ValueError("the front matter is not closed with '---'")
    return text[4:end], text[end + 5 :]


def split_sections(body: str) -> tuple[str, str, str]:
    """Core text, 'Go deeper' and 'Teacher notes' (without their headings)."""
    teacher_at = body.find("\n## Teacher notes")
    deeper_at = body.find("\n## Go deeper")
    teacher = body[teacher_at:].split("\n", 2)[2] if teacher_at != -1 else ""
    head = body[:teacher_at] if teacher_at != -1 else body
    deeper = head[deeper_at:].split("\n", 2)[2] if deeper_at != -1 else ""
    core = head[:deeper_at] if deeper_at != -1 else head
    return core.strip(), deeper.strip(), teacher.strip()


def parse_lesson_file(path: Path) -> LessonFile:
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    front, body = split_front_matter(text)
    meta = yaml.safe_load(front)
    if not isinstance(meta, dict):
        raise ValueError("the front matter is not a mapping")
    for source in meta.get("sources") or []:
        # YAML reads `checked: 2026-12-01` as a date; keep the ISO text (stored as JSON).
        if isinstance(source, dict) and isinstance(source.get("checked"), datetime.date):
            source["checked"] = source["checked"].isoformat()
    core, deeper, teacher = split_sections(body)
    return LessonFile(path, meta, core, deeper, teacher, hashlib.sha256(raw).hexdigest())


def validate_lesson(lesson: LessonFile, glossary_slugs: set[str]) -> list[str]:
    m = lesson.meta
    problems = []
    for key in ("slug", "number", "title", "summary", "minutes", "objectives", "checks", "sources"):
        if key not in m or m[key] in (None, "", []):
            problems.append(f"missing {key}")
    if m.get("slug") and not SLUG_RE.match(str(m["slug"])):
        problems.append(f"slug {m['slug']!r} must be lowercase letters, digits and dashes")
    if not isinstance(m.get("number"), int):
        problems.append("number must be a whole number")
    if not isinstance(m.get("minutes"), int) or not 1 <= m.get("minutes", 0) <= 180:
        problems.append("minutes must be a whole number from 1 to 180")
    objectives = m.get("objectives") or []
    if not isinstance(objectives, list) or not 2 <= len(objectives) <= 6:
        problems.append("there must be 2 to 6 objectives")
    checks = m.get("checks") or []
    if not isinstance(checks, list) or not 3 <= len(checks) <= 5:
        problems.append("there must be 3 to 5 check questions")
    seen = set()
    for i, check in enumerate(checks if isinstance(checks, list) else [], start=1):
        where = f"check {i}"
        if not isinstance(check, dict):
            problems.append(f"{where} is not a mapping")
            continue
        cid = check.get("id")
        if not cid or not SLUG_RE.match(str(cid)):
            problems.append(f"{where} needs an id of lowercase letters, digits and dashes")
        elif cid in seen:
            problems.append(f"{where}: duplicate id {cid!r}")
        seen.add(cid)
        if not check.get("prompt"):
            problems.append(f"{where} needs a prompt")
        if check.get("kind") not in ("single", "multiple"):
            problems.append(f"{where}: kind must be 'single' or 'multiple'")
        choices = check.get("choices") or []
        if len(choices) < 2 or not all(isinstance(c, dict) and c.get("text") for c in choices):
            problems.append(f"{where} needs at least two choices with text")
        correct = [c for c in choices if isinstance(c, dict) and c.get("correct")]
        if not correct:
            problems.append(f"{where} has no correct choice")
        if check.get("kind") == "single" and len(correct) > 1:
            problems.append(f"{where} is 'single' but has {len(correct)} correct choices")
        if not check.get("explanation"):
            problems.append(f"{where} needs an explanation")
    sources = m.get("sources") or []
    source_ids = []
    for i, source in enumerate(sources if isinstance(sources, list) else [], start=1):
        if not isinstance(source, dict) or not source.get("id") or not source.get("text"):
            problems.append(f"source {i} needs an id and a text")
            continue
        source_ids.append(source["id"])
        url = source.get("url")
        if url and not str(url).startswith(("https://", "http://")):
            problems.append(f"source {source['id']!r}: url must start with http(s)://")
        checked = source.get("checked")
        if checked is not None and not (isinstance(checked, str) and CHECKED_DATE_RE.match(checked)):
            problems.append(f"source {source['id']!r}: checked must be a date written YYYY-MM-DD")
        if source.get("check_note") is not None and not source.get("checked"):
            problems.append(f"source {source['id']!r}: a check_note needs the date it was checked")
    body = "\n".join((lesson.core, lesson.deeper, lesson.teacher))
    cited = set(CITE_RE.findall(body))
    for missing in sorted(cited - set(source_ids)):
        problems.append(f"citation [^{missing}] has no entry in sources")
    for unused in sorted(set(source_ids) - cited):
        problems.append(f"source {unused!r} is never cited")
    for term in m.get("terms") or []:
        if term not in glossary_slugs:
            problems.append(f"term {term!r} is not in glossary.yaml")
    for widget in m.get("interactive") or []:
        if widget not in WIDGETS:
            problems.append(f"unknown widget {widget!r}")
    placed = set(WIDGET_RE.findall(body))
    for widget in sorted(placed - WIDGETS):
        problems.append(f"marker [[widget:{widget}]] names an unknown widget")
    for widget in sorted(set(m.get("interactive") or []) - placed):
        problems.append(f"widget {widget!r} is listed but never placed")
    if not (m.get("interactive") or EXAMPLES_RE.search(lesson.core)):
        problems.append("a lesson needs an interactive part or library examples in place")
    if not lesson.core:
        problems.append("the core text is empty")
    if not lesson.teacher:
        problems.append("missing '## Teacher notes'")
    for heading in TEACHER_SUBSECTIONS:
        if heading not in lesson.teacher:
            problems.append(f"teacher notes need '{heading}'")
    return problems


def load_glossary(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise LessonFileError([f"{path.name}: expected a list of terms"])
    problems = []
    slugs = set()
    for i, item in enumerate(data, start=1):
        if (
            not isinstance(item, dict)
            or not item.get("slug")
            or not item.get("term")
            or not item.get("definition")
        ):
            problems.append(f"{path.name}: entry {i} needs slug, term and definition")
            continue
        if item["slug"] in slugs:
            problems.append(f"{path.name}: duplicate slug {item['slug']!r}")
        slugs.add(item["slug"])
    for item in data:
        for other in (item.get("see_also") or []) if isinstance(item, dict) else []:
            if other not in slugs:
                problems.append(f"{path.name}: {item.get('slug')!r} sees also unknown {other!r}")
    if problems:
        raise LessonFileError(problems)
    return data


def read_course(folder: Path) -> tuple[list[LessonFile], list[dict]]:
    """Parse and validate every lesson file and the glossary; raise with every problem."""
    problems = []
    glossary_path = folder / "glossary.yaml"
    glossary = []
    if glossary_path.exists():
        try:
            glossary = load_glossary(glossary_path)
        except LessonFileError as exc:
            problems += exc.problems
        except yaml.YAMLError as exc:
            problems.append(f"glossary.yaml: not valid YAML ({exc})")
    else:
        problems.append("glossary.yaml is missing")
    slugs = {g["slug"] for g in glossary if isinstance(g, dict) and "slug" in g}
    lessons = []
    for path in sorted(folder.glob("*.md")):
        try:
            lesson = parse_lesson_file(path)
        except (ValueError, UnicodeDecodeError, yaml.YAMLError) as exc:
            problems.append(f"{path.name}: {exc}")
            continue
        problems += [f"{path.name}: {p}" for p in validate_lesson(lesson, slugs)]
        lessons.append(lesson)
    numbers = [lesson.meta.get("number") for lesson in lessons]
    for n in {x for x in numbers if numbers.count(x) > 1}:
        problems.append(f"lesson number {n} is used more than once")
    lesson_slugs = [lesson.meta.get("slug") for lesson in lessons]
    for s in {x for x in lesson_slugs if lesson_slugs.count(x) > 1}:
        problems.append(f"lesson slug {s!r} is used more than once")
    if not lessons:
        problems.append(f"no lesson files (*.md) in {folder}")
    if problems:
        raise LessonFileError(problems)
    return lessons, glossary


def render_markdown(text: str, sources: list[dict]) -> str:
    """Markdown to sanitised HTML, with [^id] citations as numbered links."""
    html = markdown.markdown(text, extensions=["tables", "fenced_code", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )
    numbers = {s["id"]: i for i, s in enumerate(sources, start=1)}

    def cite(match):
        n = numbers.get(match.group(1))
        if n is None:
            return ""
        return f'<sup class="cite"><a href="#source-{n}" aria-label="Source {n}">[{n}]</a></sup>'

    return CITE_RE.sub(cite, clean)


MARKER_PARAGRAPH_RE = re.compile(r"<p>\[\[(widget|examples):([^\]]+)\]\]</p>")


@functools.lru_cache(maxsize=128)
def split_markers(html: str) -> tuple[tuple[str, str], ...]:
    """A lesson's rendered HTML cut at its marker paragraphs:
    (("html", "..."), ("widget", "gan-replay"), ("examples", "family=digits"), ...).
    Parsed once per distinct text and process; the pieces are then drawn per request."""
    parts: list[tuple[str, str]] = []
    position = 0
    for match in MARKER_PARAGRAPH_RE.finditer(html):
        parts.append(("html", html[position : match.start()]))
        parts.append((match.group(1), match.group(2)))
        position = match.end()
    parts.append(("html", html[position:]))
    return tuple(p for p in parts if p != ("html", ""))


def parse_examples_marker(spec: str) -> dict:
    """'family=digits,technique=gan,limit=4' -> {'family': 'digits', ...} (limit 1-8).

    'keys=photo-a+photo-a-retouch' names study examples by key, shown in that
    order (an edited picture beside its original); family and technique are
    then ignored. Keys that are not slugs are dropped, at most 8 are kept.
    """
    result = {}
    for part in spec.split(","):
        key, _, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if key in ("family", "technique") and SLUG_RE.match(value.replace("_", "-")):
            result[key] = value
        elif key == "limit" and value.isdigit():
            result["limit"] = max(1, min(8, int(value)))
        elif key == "keys":
            keys = [k.strip() for k in value.split("+") if SLUG_RE.match(k.strip())]
            if keys:
                result["keys"] = keys[:8]
    result.setdefault("limit", 4)
    return result
