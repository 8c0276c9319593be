"""Time the shared detectors on a 20,000-character government text.

Run: .venv/bin/python bench/detectors.py
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.detectors import find_personal_data, misspellings, sensitive_words
from core.detectors.misspellings import Entry, split_rule
from core.seed_lists import DEFAULT_SENSITIVE_WORDS, misspelling_rows

SEED = Path(__file__).resolve().parent.parent / "demo" / "seeds"


def main() -> None:
    base = "".join(p.read_text(encoding="utf-8") for p in sorted(SEED.glob("*.txt")))
    base += "联系人：张三，电话13812345678，身份证11010519491231002X，按装完毕。"
    text = (base * (20_000 // len(base) + 1))[:20_000]
    # A realistic office list: the seeds plus 2,000 generated four-character words.
    words = [w for w, _ in DEFAULT_SENSITIVE_WORDS] + [
        chr(0x4E00 + i) + chr(0x4E00 + 2 * i) + "敏感" for i in range(2_000)
    ]
    # The whole misspelling dictionary with its context rules.
    corrections = tuple(
        Entry(
            row["wrong"],
            row["correct"],
            *(
                split_rule(row[k])
                for k in ("not_before", "not_after", "only_after", "not_later")
            ),
        )
        for row in misspelling_rows()
    )
    label = f"misspellings ({len(corrections)})"
    runs = {"personal data": [], "sensitive words (2,007)": [], label: []}
    for _ in range(20):
        for name, call in (
            ("personal data", lambda: find_personal_data(text)),
            ("sensitive words (2,007)", lambda: sensitive_words.find(text, words)),
            (label, lambda: misspellings.find(text, corrections)),
        ):
            started = time.perf_counter()
            call()
            runs[name].append((time.perf_counter() - started) * 1000)
    print(f"text: {len(text):,} characters")
    for name, times in runs.items():
        print(f"{name:<26} median {statistics.median(times):6.2f} ms")


if __name__ == "__main__":
    main()
