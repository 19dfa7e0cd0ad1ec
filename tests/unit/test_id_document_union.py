"""The citizen's document is a closed union: mypy proves a ``match`` over it handles every kind."""

from __future__ import annotations

from pathlib import Path

from mypy import api

CASES = {
    "th_id": "        case ThaiIdCard():\n            return 'th_id'\n",
    "cccd": "        case CccdDocument():\n            return 'cccd'\n",
    "typed": "        case TypedIdNumber():\n            return 'typed'\n",
}


def consumer(kinds: tuple[str, ...]) -> str:
    """A consumer of ``IdDocument`` handling ``kinds``, ending with ``assert_never``."""
    return (
        "from __future__ import annotations\n\n"
        "from typing import assert_never\n\n"
        "from drivers.card.documents import IdDocument, TypedIdNumber\n"
        "from drivers.card.icao.reader import CccdDocument\n"
        "from drivers.card.thai_id import ThaiIdCard\n\n\n"
        "def kind(document: IdDocument) -> str:\n"
        "    match document:\n"
        + "".join(CASES[name] for name in kinds)
        + "        case _:\n            assert_never(document)\n"
    )


def check(source: str, folder: Path) -> tuple[str, int]:
    path = folder / "consumer.py"
    path.write_text(source, encoding="utf-8")
    out, _err, status = api.run(
        ["--strict", "--follow-imports=silent", "--cache-dir", str(folder / "cache"), str(path)]
    )
    return out, status


def test_a_match_that_forgets_a_kind_fails_type_checking(tmp_path: Path) -> None:
    """GIVEN a consumer that handles every kind THEN mypy accepts it; GIVEN one that forgets the
    chip document THEN mypy names the kind left over."""
    out, status = check(consumer(("th_id", "cccd", "typed")), tmp_path)
    assert status == 0, out
    out, status = check(consumer(("th_id", "typed")), tmp_path)
    assert status == 1 and '"assert_never" has incompatible type "CccdDocument"' in out, out
