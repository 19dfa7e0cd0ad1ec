"""Every user-visible text is translated into Vietnamese and Thai, placeholders intact."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kiosk.i18n import Catalog
from kiosk.paths import resources_dir

TRANSLATIONS = resources_dir() / "translations"


def messages(language: str) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TRANSLATIONS / f"kiosk_{language}.ts").getroot()
    found = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found.append((name, message.findtext("source") or "", translation))
    return found


@pytest.mark.parametrize("language", ["vi", "th", "en"])
def test_every_text_is_translated(language: str) -> None:
    found = messages(language)
    assert len(found) > 40
    for context, source, translation in found:
        assert translation.get("type") is None, f"{language}: unfinished '{source}' in {context}"
        assert translation.text, f"{language}: empty translation of '{source}'"
        assert sorted(re.findall(r"%\d", source)) == sorted(re.findall(r"%\d", translation.text)), source


def test_ts_files_cover_every_text_in_the_sources(tmp_path: Path) -> None:
    """GIVEN the sources WHEN lupdate collects texts again THEN no new text appears (none untranslated)."""
    copy = tmp_path / "kiosk_vi.ts"
    copy.write_bytes((TRANSLATIONS / "kiosk_vi.ts").read_bytes())
    root = Path(__file__).resolve().parents[2]
    sources = sorted(str(p) for folder in ("kiosk", "ui") for p in (root / folder).rglob("*.py"))
    result = subprocess.run(
        [
            str(Path(__import__("sys").executable).parent / "pyside6-lupdate"),
            *sources,
            "-no-obsolete",
            "-ts",
            str(copy),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "0 new" in result.stdout, result.stdout


def test_catalog_reads_the_same_sources() -> None:
    catalog = Catalog(TRANSLATIONS)
    assert catalog.translate("vi", "Slip", "Your number") == "Số của bạn"
    assert catalog.translate("th", "Slip", "Your number") == "หมายเลขคิวของท่าน"
    assert catalog.translate("en", "Slip", "Your number") == "Your number"
    assert catalog.translate("vi", "Slip", "not a known text") == "not a known text"


def test_every_marked_text_has_literal_context_and_is_in_the_ts_files() -> None:
    """GIVEN every QT_TRANSLATE_NOOP call in kiosk/ and ui/
    WHEN its arguments are read statically (as lupdate reads them)
    THEN context and text are string literals (lupdate skips anything else, which would leave the
    text untranslated on screen) and the pair is in the Vietnamese .ts file
    """
    import ast

    known = {(context, source) for context, source, _ in messages("vi")}
    root = Path(__file__).resolve().parents[2]
    calls = 0
    for folder in ("kiosk", "ui"):
        for path in sorted((root / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "QT_TRANSLATE_NOOP"):
                    continue
                calls += 1
                where = f"{path.relative_to(root)}:{node.lineno}"
                assert len(node.args) == 2, where
                assert all(
                    isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in node.args
                ), f"{where}: context and text must be string literals"
                pair = (node.args[0].value, node.args[1].value)  # type: ignore[attr-defined]
                assert pair in known, f"{where}: {pair} is not in the .ts files"
    assert calls > 50
