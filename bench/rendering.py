"""CPU time of the Markdown pipeline (render + sanitise) on ordinary and pathological bodies.

    .venv/bin/python bench/rendering.py

Each input is rendered several times; the table shows the best CPU time of one render
(time.process_time, so other processes on the machine do not count) and the output size.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from core.text import MAX_BODY_LENGTH, render_markdown  # noqa: E402
from forum.management.commands.seed_bench import BODY  # noqa: E402

INPUTS = {
    "ordinary reply (≈400 chars)": BODY.format(n=1),
    "50,000 `[`": "[" * 50_000,
    "10,000 nested `>`": ">" * 10_000,
    "500 lines of deepening `>`": "\n".join(">" * n + " x" for n in range(1, 501)),
    "20,000 backticks": "`" * 20_000,
    "10,000 `*a`": "*a" * 10_000,
    "5,000 `[a](`": "[a](" * 5_000,
    "300 nested list levels": "\n".join("  " * n + "- x" for n in range(300)),
    "99 lines of deepening `> - `": "\n".join("> - " * n + "x" for n in range(1, 100)),
    "table, 2,000 rows": "|a|b|\n|-|-|\n" + "|x|y|\n" * 2_000,
    "20,000 `<`": "<" * 20_000,
    "2,000 bare URLs": "https://example.org/a " * 1_000,
    "largest body of prose": ("Recovery is a long road. " * 1_000)[:MAX_BODY_LENGTH],
}


def cpu_seconds(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        render_markdown(text)
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    print("| input | chars | CPU ms per render | HTML chars |")
    print("|---|---|---|---|")
    for name, text in INPUTS.items():
        repeat = 200 if len(text) < 1_000 else 5
        seconds = cpu_seconds(text, repeat)
        print(
            f"| {name} | {len(text):,} | {seconds * 1000:.1f} | "
            f"{len(render_markdown(text)):,} |"
        )


if __name__ == "__main__":
    main()
