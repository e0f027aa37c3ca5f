"""Numbering under real concurrency, on PostgreSQL (SQLite ignores row locks)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from correspondence.models import NumberCounter
from correspondence.numbering import number_allocate
from directory.actors import actors_load
from directory.models import Entity
from tests.correspondence.test_numbering import (  # noqa: F401 (collected here as server tests)
    test_a_failure_after_allocation_gives_the_number_back,
    test_correlative_per_office_type_and_year,
)
from tests.server.conftest import run_at_once

pytestmark = [pytest.mark.server, pytest.mark.django_db]

ALLOCATOR = textwrap.dedent(
    """
    import os, sys, time, django
    django.setup()
    from django.db import transaction
    from correspondence.numbering import number_allocate
    from directory.models import Entity, Office
    pcm = Entity.objects.get(code="PCM")
    sgp = Office.objects.get(entity=pcm, code="SGP")
    go, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    open(f"{go}.ready.{os.getpid()}", "w").close()
    while not os.path.exists(go):
        time.sleep(0.01)
    numbers = []
    for _ in range(count):
        with transaction.atomic():
            numbers.append(number_allocate(entity=pcm, office=sgp, document_type="OFICIO",
                                           year=2014).value)
    with open(out, "w") as handle:
        handle.write("\\n".join(map(str, numbers)))
    """
)


@pytest.mark.django_db(transaction=True)
def test_eight_processes_allocate_two_thousand_consecutive_numbers(tmp_path: Path) -> None:
    actors_load()
    processes, each = 8, 250
    arguments = [[str(each), str(tmp_path / f"out{n}")] for n in range(processes)]
    run_at_once(ALLOCATOR, arguments, tmp_path)
    numbers = [int(n) for i in range(processes) for n in (tmp_path / f"out{i}").read_text().split()]
    assert len(numbers) == processes * each
    assert sorted(numbers) == list(range(1, processes * each + 1))
    assert NumberCounter.objects.get(document_type="OFICIO").last == processes * each


@pytest.mark.django_db(transaction=True)
def test_allocation_outside_a_transaction_is_refused() -> None:
    actors_load()
    pcm = Entity.objects.get(code="PCM")
    with pytest.raises(RuntimeError, match="inside the issuing transaction"):
        number_allocate(entity=pcm, office=None, document_type="OFICIO", year=2014)


MIXED = textwrap.dedent(
    """
    import os, sys, time, django
    django.setup()
    from django.db import transaction
    from correspondence.numbering import number_allocate, number_reserve
    from directory.models import Entity, Office
    pcm = Entity.objects.get(code="PCM")
    sgp = Office.objects.get(entity=pcm, code="SGP")
    go, block, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    open(f"{go}.ready.{os.getpid()}", "w").close()
    while not os.path.exists(go):
        time.sleep(0.01)
    lines = []
    for _ in range(250 // block):
        with transaction.atomic():
            if block == 1:
                values = [number_allocate(entity=pcm, office=sgp, document_type="OFICIO",
                                          year=2014).value]
            else:
                values = [n.value for n in number_reserve(entity=pcm, office=sgp,
                          document_type="OFICIO", year=2014, count=block)]
        lines.append(" ".join(map(str, values)))
    with open(out, "w") as handle:
        handle.write("\\n".join(lines))
    """
)


@pytest.mark.django_db(transaction=True)
def test_blocks_reserved_for_mail_merges_never_interleave_with_single_numbers(
    tmp_path: Path,
) -> None:
    """Four signers launching mail merges (blocks of 25) while four sign one oficio at a
    time: 2,000 distinct consecutive numbers, every block in one piece."""
    actors_load()
    blocks = [25, 25, 25, 25, 1, 1, 1, 1]
    arguments = [[str(b), str(tmp_path / f"out{n}")] for n, b in enumerate(blocks)]
    run_at_once(MIXED, arguments, tmp_path)
    taken = [
        [int(v) for v in line.split()]
        for n in range(len(blocks))
        for line in (tmp_path / f"out{n}").read_text().splitlines()
    ]
    numbers = sorted(v for values in taken for v in values)
    assert numbers == list(range(1, 2001))
    reserved = [values for values in taken if len(values) > 1]
    assert len(reserved) == 40
    assert all(values == list(range(values[0], values[0] + 25)) for values in reserved)
