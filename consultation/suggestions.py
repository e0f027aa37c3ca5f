"""Similar-proposal suggestions for the systematization workspace (rapidfuzz).

Texts are normalized once (lower case, punctuation out, tokens sorted), then compared in
blocks of the upper triangle with ``cdist`` on all cores: 10,000 proposals are ~50 million
comparisons, done in native code without materialising the whole matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process, utils

from consultation.models import Consultation, Proposal

BLOCK = 1000


@dataclass(frozen=True)
class Suggestion:
    first: int
    second: int
    score: float


def _normalize(text: str) -> str:
    return " ".join(sorted(utils.default_process(text).split()))


def similar_pairs(
    texts: list[str], *, threshold: float = 80.0, limit: int = 200
) -> list[tuple[int, int, float]]:
    """Index pairs (i < j) of texts whose similarity reaches ``threshold``, best first."""
    normalized = [_normalize(text) for text in texts]
    found: list[tuple[int, int, float]] = []
    for start in range(0, len(normalized), BLOCK):
        queries = normalized[start : start + BLOCK]
        choices = normalized[start:]
        scores = process.cdist(
            queries, choices, scorer=fuzz.ratio, score_cutoff=threshold, dtype=np.uint8,
            workers=-1,
        )  # fmt: skip
        # The upper triangle only: each pair once, never a text with itself.
        rows, cols = np.nonzero(np.triu(scores, k=1))
        values = scores[rows, cols]
        if len(values) > limit:  # many near-copies (spam): keep this block's best only
            best = np.argpartition(-values.astype(np.int16), limit)[:limit]
            rows, cols, values = rows[best], cols[best], values[best]
        found += zip((rows + start).tolist(), (cols + start).tolist(),
                     values.astype(float).tolist(), strict=True)  # fmt: skip
    found.sort(key=lambda pair: -pair[2])
    return found[:limit]


def suggestions_for(
    consultation: Consultation, *, threshold: float = 80.0, limit: int = 200
) -> list[Suggestion]:
    """Pairs of similar proposals not already in the same cluster, most similar first."""
    rows = list(
        consultation.proposals.exclude(state=Proposal.State.HIDDEN)
        .order_by("pk")
        .values_list("pk", "text", "cluster_id")
    )
    pairs = similar_pairs([row[1] for row in rows], threshold=threshold, limit=limit * 2)
    suggestions = [
        Suggestion(rows[i][0], rows[j][0], score)
        for i, j, score in pairs
        if rows[i][2] is None or rows[i][2] != rows[j][2]
    ]
    return suggestions[:limit]
