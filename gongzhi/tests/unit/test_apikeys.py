"""API keys: secrets kept as hashes, a holder and a role each, issued, found and revoked."""

import pytest
from sqlalchemy import MetaData
from sqlalchemy.orm import Session

from gongzhi import apikeys
from gongzhi.apikeys import Holder, hash_key, key_id, matches, new_key
from gongzhi.testing.units import sqlite_engine

ROLES = ("viewer", "supervisor")


@pytest.fixture
def table():
    return apikeys.api_keys_table(MetaData())


@pytest.fixture
def engine(table):
    engine = sqlite_engine(table.metadata)
    yield engine
    engine.dispose()


def holder(engine, table, key: str) -> Holder | None:
    with Session(engine) as session:
        return apikeys.holder_of(session, table, key)


class TestKeys:
    def test_new_keys_are_recognisable_unique_and_long(self):
        issued = [new_key() for _ in range(100)]

        assert len(set(issued)) == 100
        assert all(key.startswith("gz_") for key in issued)
        assert all(len(key.removeprefix("gz_")) >= 32 for key in issued)

    def test_key_id_is_stable_and_short_and_does_not_reveal_the_key(self):
        key = new_key()

        assert key_id(key) == key_id(key)
        assert len(key_id(key)) == 8
        assert len(key.removeprefix("gz_")) - len(key_id(key)) >= 32  # 190+ secret bits remain

    def test_no_key_id_looks_like_a_command_line_option(self):
        # One body in 64 would start with "-": 2,000 keys would all but surely show one.
        assert not [key for key in (new_key() for _ in range(2000)) if key_id(key)[0] == "-"]

    def test_the_stored_hash_matches_only_its_own_key(self):
        key, other = new_key(), new_key()
        stored = hash_key(key)

        assert key not in stored
        assert matches(key, stored)
        assert not matches(other, stored)
        assert not matches(key[:-1], stored)


class TestIssuing:
    def test_an_issued_key_names_its_holder_and_role(self, engine, table):
        key = apikeys.issue(engine, table, "gs-620502001001", "supervisor", roles=ROLES)

        assert holder(engine, table, key) == Holder(key_id(key), "gs-620502001001", "supervisor")

    def test_only_the_hash_is_stored_and_the_list_shows_neither(self, engine, table):
        key = apikeys.issue(engine, table, "housing", "viewer", roles=ROLES)

        with engine.connect() as connection:
            [row] = connection.execute(table.select()).mappings()
        [listed] = apikeys.listed(engine, table)

        assert row["key_hash"] == hash_key(key)
        assert key not in str(dict(row))
        assert set(listed) == {"key_id", "name", "role", "created_at", "revoked_at"}
        assert (listed["key_id"], listed["name"], listed["revoked_at"]) == (
            key_id(key),
            "housing",
            None,
        )

    def test_a_role_the_service_does_not_know_is_refused(self, engine, table):
        with pytest.raises(ValueError, match="unknown role 'hotline_agent'"):
            apikeys.issue(engine, table, "12345-hotline", "hotline_agent", roles=ROLES)

        assert apikeys.listed(engine, table) == []

    @pytest.mark.parametrize("name", ["", "   ", "x" * 201])
    def test_a_holder_name_must_fit_its_column(self, engine, table, name):
        with pytest.raises(ValueError, match="1 to 200 characters"):
            apikeys.issue(engine, table, name, "viewer", roles=ROLES)


class TestFindingTheHolder:
    def test_a_revoked_key_has_no_holder_and_is_listed_as_revoked(self, engine, table):
        key = apikeys.issue(engine, table, "gw-620502001001001", "viewer", roles=ROLES)

        assert apikeys.revoke(engine, table, key_id(key))

        assert holder(engine, table, key) is None
        assert apikeys.listed(engine, table)[0]["revoked_at"] is not None

    def test_a_key_is_revoked_once(self, engine, table):
        key = apikeys.issue(engine, table, "gw-620502001001001", "viewer", roles=ROLES)
        apikeys.revoke(engine, table, key_id(key))

        assert not apikeys.revoke(engine, table, key_id(key))
        assert not apikeys.revoke(engine, table, "nosuchid")

    def test_a_forged_key_with_a_real_key_id_has_no_holder(self, engine, table):
        key = apikeys.issue(engine, table, "housing", "viewer", roles=ROLES)
        forged = key[:-2] + ("xx" if not key.endswith("xx") else "yy")

        assert key_id(forged) == key_id(key)
        assert holder(engine, table, forged) is None

    @pytest.mark.parametrize("key", ["", "gz_", "not a key at all"])
    def test_a_missing_or_unknown_key_has_no_holder(self, engine, table, key):
        apikeys.issue(engine, table, "housing", "viewer", roles=ROLES)

        assert holder(engine, table, key) is None
