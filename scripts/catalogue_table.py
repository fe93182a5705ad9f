"""Write docs/indicators.md's table from the indicator catalogue
(src/kommunenettverk/indicators/data/catalogue.toml): run after changing the catalogue,
`.venv/bin/python scripts/catalogue_table.py`. The text above the table is kept."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from kommunenettverk.indicators.catalogue import catalogue_read  # noqa: E402

DOC = ROOT / "docs" / "indicators.md"
HEADER = (
    "| kode | indikator | tema | kilde | tabell og statistikkvariabel / kildehenvisning "
    "| enhet | bedre | måltype | oppdateres (mnd.) | lisens | kontrollert mot |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
)
THEMES = {
    "climate_energy": "klima/energi",
    "land_use": "areal",
    "quality_of_life_health": "folkehelse",
    "international": "internasjonalt",
    "production_consumption": "produksjon/forbruk",
    "cultural_heritage": "kulturarv",
}
SOURCES = {
    "ssb": "SSB",
    "fhi": "FHI",
    "miljodirektoratet": "Miljødirektoratet",
    "other": "Ungdata (NOVA)",
    "own": "egen registrering",
}
UNVERIFIED_CODE = "statistikkvariabel ikke kontrollert"
BETTER = {"higher": "høyere", "lower": "lavere", "neutral": "–"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table() -> str:
    rows = []
    for e in catalogue_read():
        if e.source == "ssb":
            code = f"`{e.ssb_content_code}`" if e.ssb_content_code else UNVERIFIED_CODE
            ref = f"tabell {e.ssb_table}, {code}"
            fixed = {k: v for k, v in e.ssb_selection.items() if v != "*"}
            if fixed:
                ref += " (" + ", ".join(f"{k}={v}" for k, v in fixed.items()) + ")"
        else:
            ref = e.source_reference
            if e.recipe and e.recipe.is_complete:
                ref += f"; importoppskrift «{e.recipe.name}»"
                ref += " (lastes ned av fetch_indicators)" if e.recipe.url else ""
        if e.is_verified:
            how = "✔ " + e.verified_by + (f" Merk: {e.source_note}" if e.source_note else "")
        else:
            how = "✘ ikke kontrollert. " + e.source_note
        themes = ", ".join(THEMES[t] for t in e.themes) or "–"
        rows.append(
            f"| `{e.code}` | {_cell(e.name)} | {themes} | {SOURCES[e.source]} | {_cell(ref)} "
            f"| {_cell(e.unit)} | {BETTER[e.better]} | {e.measure} | {e.update_interval_months} "
            f"| {e.licence or '–'} | {_cell(how)} |"
        )
    return HEADER + "\n".join(rows) + "\n"


if __name__ == "__main__":
    text = DOC.read_text(encoding="utf-8")
    DOC.write_text(text[: text.index("| kode | indikator |")] + table(), encoding="utf-8")
