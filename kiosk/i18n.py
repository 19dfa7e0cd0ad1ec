"""Translations for text the headless core produces (printed slips, plain messages).

The single source of every user-visible text is Qt's translation files
(``resources/translations/kiosk_<lang>.ts``). The Qt screens load the compiled ``.qm``
through ``QTranslator``; the core, which must not import Qt, reads the same ``.ts``
sources here. Texts are marked with :func:`QT_TRANSLATE_NOOP` so ``pyside6-lupdate``
collects them.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.domain.languages import Language


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks ``text`` for translation in ``context``; returns it unchanged."""
    del context
    return text


class Catalog:
    """(context, source) → translation per language, read once from the ``.ts`` files.

    A missing or unfinished translation falls back to the English source text.
    """

    def __init__(self, translations_dir: Path) -> None:
        self._tables: dict[str, dict[tuple[str, str], str]] = {}
        for path in sorted(translations_dir.glob("kiosk_*.ts")):
            language = path.stem.removeprefix("kiosk_")
            self._tables[language] = self._read(path)

    @staticmethod
    def _read(path: Path) -> dict[tuple[str, str], str]:
        import xml.etree.ElementTree as ET  # here: the first frame imports this module, never parses

        table: dict[tuple[str, str], str] = {}
        root = ET.parse(path).getroot()  # noqa: S314 - our own shipped file
        for context in root.iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                source = message.findtext("source") or ""
                translation = message.find("translation")
                if translation is None or translation.get("type") in {"unfinished", "obsolete", "vanished"}:
                    continue
                if translation.text:
                    table[(name, source)] = translation.text
        return table

    def translate(self, language: Language, context: str, source: str) -> str:
        return self._tables.get(language, {}).get((context, source), source)

    def languages(self) -> list[str]:
        return sorted(self._tables)
