"""Makes the HTML, ODT, DOC and RTF test orders of this folder from DOCX orders, with LibreOffice.

Each source order's ``order.docx`` (from corpus/ and tests/unseen/orders/) is saved by LibreOffice
as ``<name>.html``, ``<name>.odt`` and, for the orders in LEGACY, ``<name>.doc`` and ``<name>.rtf``:
the way a clerk re-saves an order in another format. tests/test_html_odt.py checks that each
extracts as its DOCX does. The hand-written portal page (portal_*.html) is not made here.

    python tests/data/formats/make_formats.py            # rewrite the files of this folder
    python tests/data/formats/make_formats.py --out DIR  # elsewhere
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SOURCES = {
    "000_tver_2021": ROOT / "corpus" / "000_tver_2021" / "order.docx",
    "003_saratov_2020": ROOT / "corpus" / "003_saratov_2020" / "order.docx",
    "104_karelia_2021": ROOT / "tests" / "unseen" / "orders" / "104_karelia_2021" / "order.docx",
    "106_yaroslavl_2023": ROOT / "tests" / "unseen" / "orders" / "106_yaroslavl_2023" / "order.docx",
    "109_orenburg_2024": ROOT / "tests" / "unseen" / "orders" / "109_orenburg_2024" / "order.docx",
}
NATIVE = ("html", "odt")  # read by our own parsers: committed
LEGACY = ("000_tver_2021", "104_karelia_2021")  # also saved as .doc and .rtf (read through LibreOffice)
# LibreOffice's export filter per target format
FILTERS = {"html": "html:HTML (StarWriter)", "odt": "odt", "doc": "doc:MS Word 97", "rtf": "rtf"}


def convert(sources: list[Path], fmt: str, out: Path, work: Path) -> None:
    profile = (work / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", FILTERS[fmt],
                    "--outdir", str(out), *map(str, sources)], check=True, capture_output=True, timeout=600)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    if shutil.which("soffice") is None:
        print("make_formats: needs LibreOffice (Debian package libreoffice-writer-nogui)", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        named = []
        for name, docx in SOURCES.items():
            named.append(work / f"{name}.docx")
            shutil.copyfile(docx, named[-1])
        for fmt in NATIVE:
            convert(named, fmt, args.out, work)
        # the .doc is saved from the ODT: LibreOffice 7.4 drops this DOCX's roadmap table when
        # it saves the DOCX itself as .doc, which would leave nothing to compare
        convert([args.out / f"{name}.odt" for name in LEGACY], "doc", args.out, work)
        convert([work / f"{name}.docx" for name in LEGACY], "rtf", args.out, work)
    for path in sorted(args.out.iterdir()):
        if path.suffix != ".py":
            print(f"{path.name}\t{path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
