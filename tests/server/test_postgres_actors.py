"""The actor tests again, on PostgreSQL."""

import pytest

from tests.directory.test_actors import (  # noqa: F401 (collected here as server tests)
    test_counts_match_the_public_facts,
    test_loading_twice_changes_nothing,
    test_the_commission_of_ds_003_2013_pcm,
)
from tests.directory.test_demo import test_one_or_more_demo_users_per_role  # noqa: F401

pytestmark = [pytest.mark.server, pytest.mark.django_db]
