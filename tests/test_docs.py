"""The design is written down inside the project: every Markdown file the code, the tests,
pyproject.toml, the README and the documents cite is in the repository, and the design
documents name only modules, folders and names that the code has."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dispatch_console"
DOCS = ROOT / "docs"
#: The pages that describe the code; what they name must exist in it.
DESIGN_DOCUMENTS = ("docs/design.md", "docs/architecture.md", "docs/conventions.md")
FORMATS = ("docs/csv-bundle-format.md",)
TEXT_SUFFIXES = {".py", ".md", ".toml", ".txt", ".ini", ".cfg"}

#: A Markdown file's path as prose, code or a link cites it (a URL is left alone).
MD_PATH = re.compile(r"[\w./:-]*\w\.md\b")
PY_PATH = re.compile(r"[\w/]*\w\.py\b")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCED = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CALL = re.compile(r"\(.*\)$")
DOTTED_NAME = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")


def citing_files() -> list[Path]:
    """Everything that may cite a document, but this file (its examples cite made-up ones)."""
    files = [ROOT / "pyproject.toml", ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
    for folder in (PACKAGE, ROOT / "tests"):
        files += sorted(
            p for p in folder.rglob("*")
            if p.is_file() and p.suffix in TEXT_SUFFIXES and p != Path(__file__).resolve()
        )
    return files


def cited_markdown(path: Path) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for cited in dict.fromkeys(MD_PATH.findall(line)):  # a link's text and target once
            if "://" not in cited:
                found.append((number, cited))
    return found


def exists(cited: str, where: Path) -> bool:
    """Relative to the repository, or to the citing file's folder (a Markdown link)."""
    return any((base / cited).exists() for base in (ROOT, where.parent))


def test_the_design_documents_are_in_the_repository() -> None:
    for name in (*DESIGN_DOCUMENTS, *FORMATS):
        assert (ROOT / name).is_file(), f"{name} is missing"


def test_every_cited_markdown_file_exists() -> None:
    missing = [
        f"{path.relative_to(ROOT)}:{line}: {cited}"
        for path in citing_files()
        for line, cited in cited_markdown(path)
        if not exists(cited, path)
    ]
    assert not missing, "cited but not in the repository:\n" + "\n".join(missing)


def test_the_check_sees_a_missing_document(tmp_path: Path) -> None:
    missing = "NOWHERE" + ".md"  # spelled apart, so no checker takes this test for a citation
    page = tmp_path / "module.py"
    page.write_text(f'"""Layers as {missing} says; the format in docs/design.md."""\n', encoding="utf-8")
    cited = cited_markdown(page)
    assert cited == [(1, missing), (1, "docs/design.md")]
    assert [c for _line, c in cited if not exists(c, page)] == [missing]


def module_exists(path: str) -> bool:
    """``ui/bus.py`` or ``dispatch_console/ui/bus.py``, ``tests/...``, ``main.py``; folders too."""
    return any((base / path).exists() for base in (ROOT, PACKAGE))


def named_paths(text: str) -> set[str]:
    names = set(PY_PATH.findall(text))
    for span in CODE_SPAN.findall(FENCED.sub("", text)):
        if span.endswith("/") and " " not in span:
            names.add(span)
    return names


def code_words() -> set[str]:
    words: set[str] = set()
    sources = [ROOT / "pyproject.toml", ROOT / ".ci" / "run", ROOT / "main.py"]
    sources += sorted(PACKAGE.rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))
    for path in sources:
        if path.is_file() and path.name != Path(__file__).name:
            words.update(re.findall(r"\w+", path.read_text(encoding="utf-8")))
    return words


def named_identifiers(text: str) -> set[str]:
    """``BoardPage._on_bus_changed``, ``ctx.run``, ``sentence()``: names in code spans."""
    names = set()
    for span in CODE_SPAN.findall(FENCED.sub("", text)):
        name = CALL.sub("", span.strip())
        if DOTTED_NAME.fullmatch(name):
            names.add(name)
    return names


@pytest.mark.parametrize("name", DESIGN_DOCUMENTS)
def test_the_design_documents_name_only_modules_that_exist(name: str) -> None:
    text = (ROOT / name).read_text(encoding="utf-8")
    missing = sorted(p for p in named_paths(text) if not module_exists(p))
    assert not missing, f"{name} names modules or folders that do not exist: {missing}"


@pytest.mark.parametrize("name", DESIGN_DOCUMENTS)
def test_the_design_documents_name_only_names_the_code_has(name: str) -> None:
    text = (ROOT / name).read_text(encoding="utf-8")
    words = code_words()
    missing = sorted(
        n for n in named_identifiers(text) if any(part not in words for part in n.split("."))
    )
    assert not missing, f"{name} names what the code does not have: {missing}"


def test_the_architecture_names_the_path_of_a_change() -> None:
    paths = named_paths((DOCS / "architecture.md").read_text(encoding="utf-8"))
    for module in (
        "ui/board/view.py", "ui/board/actions.py", "ui/operations.py", "services/dispatch.py",
        "services/context.py", "storage/unit_of_work.py", "storage/audit.py",
        "domain/changes.py", "ui/bus.py", "services/changes.py", "ui/board/commands.py",
    ):
        assert any(p.endswith(module) for p in paths), f"docs/architecture.md does not cite {module}"


def test_the_module_check_sees_a_missing_module() -> None:
    text = "The gesture in `ui/board/view.py` goes to `ui/board/gone.py` under `storage/` and `nowhere/`."
    assert sorted(p for p in named_paths(text) if not module_exists(p)) == ["nowhere/", "ui/board/gone.py"]
    assert named_identifiers("`Operations.run` asks; `ctx.write(...)` opens; `a b`") == {
        "Operations.run", "ctx.write",
    }
