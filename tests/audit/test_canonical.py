"""The canonical line of audit/chain.py, rendered the same by Python and by the database."""

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.chain import canonical, canonical_payload
from audit.context import acting_as
from audit.middleware import normalized_ip
from audit.services import audit_record
from audit.verification import stored_records

scalars = st.one_of(st.none(), st.integers(), st.text())


def test_the_documented_form() -> None:
    line = canonical([7, "a\tb\nc\\d", None, "Secretaría", "", "\b\f\r\v"])
    assert line == "7\ta\\tb\\nc\\\\d\t\\N\tSecretaría\t\t\\b\\f\\r\\v".encode()


@given(st.lists(scalars, max_size=25))
def test_fields_never_run_into_each_other(values: list[object]) -> None:
    line = canonical(values).decode()
    assert line.count("\t") == max(len(values) - 1, 0)
    assert "\n" not in line


@given(st.dictionaries(st.text(), st.one_of(scalars, st.lists(st.text()))))
def test_payload_is_sorted_compact_json(payload: dict[str, object]) -> None:
    text = canonical_payload(payload)
    assert json.loads(text) == payload
    assert text == json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(
    st.text(max_size=40),
    st.one_of(st.none(), st.integers(min_value=1, max_value=2**40)),
    st.dictionaries(st.text(max_size=8), st.text(max_size=20), max_size=3),
    st.one_of(st.none(), st.ip_addresses().map(str), st.just("::ffff:1.2.3.4")),
)
def test_the_database_renders_the_same_line(
    text: str, process_id: int | None, payload: dict[str, str], client_ip: str | None
) -> None:
    """The verifier reads the line from the database: hashing it must give the hash that
    was computed when the entry was written, for any text and any client address."""
    text = text.replace("\x00", "")  # PostgreSQL text cannot hold NUL
    clean = {k.replace("\x00", ""): v.replace("\x00", "") for k, v in payload.items()}
    with acting_as(client_ip=normalized_ip(client_ip)):
        entry = audit_record(
            action="x", object_type="t", object_repr=text, process_id=process_id, payload=clean
        )
    _seq, prev_hash, line, stored = {r[0]: r for r in stored_records()}[entry.seq]
    assert hashlib.sha256(line).hexdigest() == entry.hash == stored
    assert prev_hash == entry.prev_hash


def test_client_addresses_are_stored_as_hashed() -> None:
    assert normalized_ip("::ffff:1.2.3.4") == "1.2.3.4"
    assert normalized_ip("fe80::1%eth0") is None
    assert normalized_ip("2001:DB8::1") == "2001:db8::1"
    assert normalized_ip("no es una ip") is None
