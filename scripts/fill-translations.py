"""Fills unfinished entries of the .ts files from JSON tables of translations.

Usage: .venv/bin/python scripts/fill-translations.py TABLE.json [TABLE.json ...]

Each table maps an English source text to its translations:
``{"Place your finger": {"vi": "Đặt ngón tay", "th": "วางนิ้ว"}}``. English
entries take the source text itself. Entries with no translation in any table
stay unfinished and are listed, so the translation test names them too.
Run scripts/update-translations.sh first, and scripts/setup.sh after (it
compiles the .qm files).
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"


def fill(path: Path, language: str, table: dict[str, dict[str, str]]) -> list[str]:
    tree = ET.parse(path)  # noqa: S314 - the project's own translation sources
    missing: list[str] = []
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        source = message.findtext("source") or ""
        if language == "en":
            translation.text = source
        elif language in table.get(source, {}):
            translation.text = table[source][language]
        else:
            missing.append(source)
            continue
        del translation.attrib["type"]
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


def main(argv: list[str]) -> int:
    table: dict[str, dict[str, str]] = {}
    for name in argv:
        table.update(json.loads(Path(name).read_text(encoding="utf-8")))
    status = 0
    for language in ("vi", "th", "en"):
        missing = fill(TRANSLATIONS / f"kiosk_{language}.ts", language, table)
        for source in missing:
            print(f"{language}: no translation for {source!r}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
