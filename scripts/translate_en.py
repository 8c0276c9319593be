"""Fill the English catalog from locale/en/translations.json and compile it.

Source strings are Simplified Chinese (the default language). Developers add the
English for new strings to translations.json or to a file of their feature under
locale/en/translations/ (one file per feature keeps parallel work mergeable);
this script writes them into
django.po, reports any string still missing, and compiles django.mo.
Run through `make messages`.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
TRANSLATIONS = ROOT / "locale" / "en" / "translations.json"
FEATURE_TRANSLATIONS = ROOT / "locale" / "en" / "translations"


def load_translations() -> dict[str, str]:
    translations = json.loads(TRANSLATIONS.read_text(encoding="utf-8"))
    for path in sorted(FEATURE_TRANSLATIONS.glob("*.json")):
        translations.update(json.loads(path.read_text(encoding="utf-8")))
    return translations


def main() -> int:
    translations = load_translations()
    catalog = polib.pofile(str(CATALOG))
    missing = []
    for entry in catalog:
        english = translations.get(entry.msgid)
        if english:
            entry.msgstr = english
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        else:
            missing.append(entry.msgid)
    catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalog.save()
    catalog.save_as_mofile(str(CATALOG.with_suffix(".mo")))
    for msgid in missing:
        print(f"missing English: {msgid}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
