"""Figures, timing and the results file shared by every benchmark."""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results.json"


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    baseline_name: str = ""
    baseline: float | None = None
    target: str = ""
    detail: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.baseline:
            return None
        return self.value / self.baseline


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = func()
    return time.perf_counter() - started, result


def p95(samples: list[float]) -> float:
    if len(samples) < 20:
        return max(samples)
    return statistics.quantiles(samples, n=20)[-1]


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def print_table(figures: list[Figure]) -> None:
    header = f"{'figure':<52} {'value':>14} {'baseline':>14} {'ratio':>7}  target"
    print(header)
    print("-" * len(header))
    for f in figures:
        baseline = f"{f.baseline:,.1f}" if f.baseline is not None else "—"
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else "—"
        print(f"{f.name:<52} {f.value:>10,.1f} {f.unit:<3} {baseline:>14} {ratio:>7}  {f.target}")


def write_results(figures: list[Figure], context: dict[str, Any]) -> None:
    """Merge these figures into benchmarks/results.json (other figures are kept)."""
    data: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    entries = {entry["name"]: entry for entry in data.get("figures", [])}
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    for f in figures:
        entries[f.name] = {**asdict(f), "ratio": f.ratio, "date": stamp, **context}
    data = {"machine": machine(), "figures": sorted(entries.values(), key=lambda e: e["name"])}
    RESULTS.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def markdown_table() -> str:
    """The README's table, from benchmarks/results.json."""
    data = json.loads(RESULTS.read_text())
    rows = ["| figure | value | baseline | ratio | target |", "|---|---:|---:|---:|---|"]
    for f in data["figures"]:
        baseline = f"{f['baseline']:,.1f} ({f['baseline_name']})" if f["baseline"] else "—"
        ratio = f"{f['ratio']:.2f}" if f["ratio"] else "—"
        detail = f" — {f['detail']}" if f.get("detail") else ""
        value = f"{f['value']:,.1f} {f['unit']}"
        rows.append(f"| {f['name']}{detail} | {value} | {baseline} | {ratio} | {f['target']} |")
    return "\n".join(rows)
