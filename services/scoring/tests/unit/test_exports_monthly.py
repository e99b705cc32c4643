"""Monthly exports (台账/报表) on the real migrated database: the ledger's XLSX opens with
openpyxl and its totals are the ledger's (each account's closing balance is ledger.balance,
opening + movements = closing); CSV and XLSX hold the same rows; a scope keeps its own rows;
ratings leave out comments and residents; a month not ended is marked provisional."""

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, select

from gongzhi.district import load_district
from gongzhi.testing.system import SAMPLE_DISTRICT
from gongzhi.testing.units import migrated_session_fixture
from scoring import export_files, exports, ledger
from scoring.accounts import Person, open_account, policy_of, register
from scoring.assessment_plan import plan_of
from scoring.config import Scoring
from scoring.export_scope import scopes_of
from scoring.ledger import Leg, Posting
from scoring.model import accounts, rated_cases, ratings

session = migrated_session_fixture("scoring")
FIRST, SECOND = "620502001001", "620502001002"
SCORING = Scoring(budgets={FIRST: 1000, SECOND: 1000})
POLICY = policy_of(SCORING, "Asia/Shanghai")
DISTRICT = load_district(SAMPLE_DISTRICT)
SCOPES, PLAN = scopes_of(DISTRICT), plan_of(DISTRICT)
LATER = datetime(2027, 1, 5, tzinfo=UTC)  # every month below has ended
OPENED = datetime(2026, 8, 1, tzinfo=UTC)


def at(day: str) -> datetime:
    """A time of day in Xiguan, e.g. at("2026-10-31T23:30") is 15:30 UTC."""
    return datetime.fromisoformat(f"{day}+08:00").astimezone(UTC)


def move(session, key: str, when: str, *legs: tuple[str, int], kind="earn") -> None:
    posting = Posting(key, kind, tuple(Leg(*leg) for leg in legs), "t", at(when), rule="r")
    ledger.post(session, posting, POLICY)


@pytest.fixture
def book(session):
    """Two communities' budgets and volunteers (p-1, p-2 in the first, p-3 in the second, on a
    grid of it), the expiry account (no community); postings in September, October (one at
    23:30 on its last day, Xiguan time) and November."""
    for community in (FIRST, SECOND):
        open_account(session, "budget", community, OPENED, community=community)
    people = (("p-1", FIRST), ("p-2", FIRST), ("p-3", f"{SECOND}004"))
    for person, grid in people:
        register(session, Person(person, grid, "volunteer"), SCORING, OPENED)
    open_account(session, "expiry", "", OPENED)
    move(session, "sep", "2026-09-10T10:00", (f"budget:{FIRST}", -30), ("person:p-1", 30))
    move(session, "oct-1", "2026-10-01T00:10", (f"budget:{FIRST}", -5), ("person:p-2", 5))
    move(session, "oct-2", "2026-10-12T09:00", (f"budget:{SECOND}", -8), ("person:p-3", 8))
    move(session, "oct-3", "2026-10-20T09:00", ("person:p-1", -4), ("person:p-3", 4), kind="tr")
    move(session, "oct-4", "2026-10-31T23:30", ("person:p-1", -6), ("expiry", 6), kind="expire")
    move(session, "nov", "2026-11-01T00:30", (f"budget:{FIRST}", -2), ("person:p-1", 2))
    session.commit()
    return session


def made(session, kind: str, month: str, scope: str, form: str, now=LATER) -> bytes:
    wanted = exports.export_of(SCOPES, kind, month, scope)
    about = export_files.caption(wanted, now)
    with export_files.write(form, exports.tables(session, wanted, PLAN), about) as out:
        return out.read()


def sheets(body: bytes) -> dict[str, list[tuple]]:
    """Each sheet's rows (header first, totals last), as openpyxl reads them."""
    book = load_workbook(io.BytesIO(body), read_only=True)
    return {sheet.title: [tuple(r) for r in sheet.iter_rows(values_only=True)] for sheet in book}


def sections(body: bytes) -> dict[str, list[list[str]]]:
    """Each table of a CSV file by name: its header, rows and totals row."""
    assert body.startswith("\ufeff".encode())  # the BOM: Excel reads UTF-8
    found: dict[str, list[list[str]]] = {}
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    blank = [n for n, line in enumerate(lines) if not line]
    for start, end in zip(blank, [*blank[1:], len(lines)], strict=True):
        found[lines[start + 1][0]] = lines[start + 2 : end]
    return found


def balances(body: bytes) -> dict[str, dict]:
    header, *rows, totals = sheets(body)["balances"]
    assert totals[0] == "合计 total"
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


def test_the_ledgers_closing_balances_are_the_ledgers_own_and_add_up(book):
    november = balances(made(book, "ledger", "2026-11", "district", "xlsx"))
    codes = set(book.scalars(select(accounts.c.code)))
    assert set(november) == codes  # every account of the district
    for code, row in november.items():
        account = book.execute(select(accounts).where(accounts.c.code == code)).one()
        assert row["closing"] == ledger.balance(book, account.id) == ledger.summed(book, account.id)
        assert row["opening"] + row["movements"] == row["closing"]
        assert row["in"] + row["out"] == row["movements"]
    october = balances(made(book, "ledger", "2026-10", "district", "xlsx"))
    assert {c: r["closing"] for c, r in october.items()} == {
        c: r["opening"] for c, r in november.items()
    }
    assert october["person:p-1"] == {
        **october["person:p-1"],
        "opening": 30,
        "in": 0,
        "out": -10,
        "movements": -10,
        "closing": 20,
    }


def test_the_totals_rows_are_the_sums_of_the_rows(book):
    tables = sheets(made(book, "ledger", "2026-10", "district", "xlsx"))
    header, *rows, totals = tables["postings"]
    amount = header.index("amount")
    assert [row[header.index("reference")] for row in rows] == ["oct-1"] * 2 + ["oct-2"] * 2 + [
        "oct-3"
    ] * 2 + ["oct-4"] * 2
    assert totals[amount] == sum(row[amount] for row in rows) == 0  # every posting balances
    assert totals[header.index("reference")] == 8  # legs counted
    header, *rows, totals = tables["balances"]
    for name in ("opening", "in", "out", "movements", "closing"):
        assert totals[header.index(name)] == sum(row[header.index(name)] for row in rows)
    assert totals[header.index("closing")] == 0  # all balances sum to zero


def test_an_xlsx_sheet_has_a_frozen_header_sized_columns_and_the_caption(book):
    body = made(book, "ledger", "2026-10", "street:620502001", "xlsx")
    workbook = load_workbook(io.BytesIO(body))
    assert workbook.sheetnames == ["export", "postings", "balances"]
    postings = workbook["postings"]
    assert postings.freeze_panes == "A2"
    assert postings.column_dimensions["C"].width == 40  # reference
    assert postings["A1"].font.bold
    assert postings.cell(postings.max_row, 1).font.bold
    about = dict(workbook["export"].iter_rows(values_only=True))
    assert about == {
        "export": "ledger",
        "month": "2026-10",
        "scope": "street:620502001",
        "status": "final",
    }


@pytest.mark.parametrize("kind", exports.KINDS)
@pytest.mark.parametrize("scope", ["district", f"community:{SECOND}", "street:620502001"])
def test_csv_and_xlsx_hold_the_same_rows(book, kind, scope):
    rated(book)
    from_xlsx = sheets(made(book, kind, "2026-10", scope, "xlsx"))
    from_csv = sections(made(book, kind, "2026-10", scope, "csv"))
    assert set(from_csv) == set(from_xlsx) - {"export"}
    for name, rows in from_csv.items():
        assert rows == [["" if v is None else str(v) for v in row] for row in from_xlsx[name]]
        assert len(rows) >= 2  # a header and a totals row at least


def test_a_community_holds_its_own_accounts_and_grids_and_a_street_its_communities(book):
    second = balances(made(book, "ledger", "2026-10", f"community:{SECOND}", "xlsx"))
    assert set(second) == {f"budget:{SECOND}", "person:p-3"}  # p-3 is on a grid of it
    assert second["person:p-3"]["closing"] == 12
    postings = sheets(made(book, "ledger", "2026-10", f"community:{SECOND}", "xlsx"))["postings"]
    header, *rows, totals = postings
    assert {row[header.index("account")] for row in rows} == {f"budget:{SECOND}", "person:p-3"}
    assert totals[header.index("amount")] == 4  # what came in from the first community
    street = balances(made(book, "ledger", "2026-10", "street:620502001", "xlsx"))
    assert set(street) == {
        f"budget:{FIRST}",
        f"budget:{SECOND}",
        "person:p-1",
        "person:p-2",
        "person:p-3",
    }  # not the expiry account, which no community holds
    district = balances(made(book, "ledger", "2026-10", "district", "xlsx"))
    assert set(district) == set(street) | {"expiry"}


def rated(session) -> None:
    """Two cases, one in each community, each rated once in October, one with a comment."""
    for issue, community in (("i-1", FIRST), ("i-2", SECOND)):
        case = {"issue_id": issue, "category": "heating-pipe", "community": community}
        case |= {"owner_kind": "department", "owner_id": "housing", "status": "resolved"}
        case |= {"round": 1, "answer": "修好了", "resolved_at": at("2026-10-03T10:00")}
        session.execute(insert(rated_cases).values(case))
        given = {"rating_id": f"r-{issue}", "issue_id": issue, "round": 1}
        given |= {"verdict": "unsatisfied", "source": "resident", "reasons": "slow,rude"}
        given |= {"comment": "张三 13912345678 太慢", "rated_at": at("2026-10-05T10:00")}
        session.execute(insert(ratings).values(given))
    session.commit()


def test_ratings_name_the_case_and_its_owner_and_no_comment(book):
    rated(book)
    body = made(book, "ratings", "2026-10", f"community:{FIRST}", "csv")
    text = body.decode("utf-8-sig")
    assert "太慢" not in text
    assert "1391234" not in text
    header, *rows, totals = sections(body)["ratings"]
    assert header == [
        "rated_at",
        "case",
        "round",
        "verdict",
        "source",
        "reasons",
        "owner",
        "department",
        "community",
    ]
    assert rows == [
        [
            "2026-10-05 10:00:00",
            "i-1",
            "1",
            "unsatisfied",
            "resident",
            "slow,rude",
            "department:housing",
            "housing",
            FIRST,
        ]
    ]
    assert totals[:2] == ["合计 total", "1"]
    november = sections(made(book, "ratings", "2026-11", "district", "csv"))["ratings"]
    assert len(november) == 2  # a header and totals: no rating in November


def test_a_month_not_ended_is_provisional(book):
    now = at("2026-10-31T23:59")
    body = made(book, "ledger", "2026-10", "district", "csv", now=now)
    first = body.decode("utf-8-sig").splitlines()[0]
    assert first == "export,ledger,month,2026-10,scope,district,status,provisional 临时"
    about = dict(sheets(made(book, "ratings", "2026-10", "district", "xlsx", now=now))["export"])
    assert about["status"] == "provisional 临时"


@pytest.mark.parametrize(
    ("kind", "month", "scope", "code"),
    [
        ("points", "2026-10", "district", "unknown_kind"),
        ("ledger", "2026-13", "district", "invalid_month"),
        ("ledger", "2026-10", "community:620502001001001", "unknown_scope"),  # a grid
        ("ledger", "2026-10", "street:620502001001", "unknown_scope"),  # a community
        ("ledger", "2026-10", "everything", "unknown_scope"),
    ],
)
def test_an_export_asked_for_wrongly_is_refused_with_a_code(kind, month, scope, code):
    with pytest.raises(exports.BadExport) as refused:
        exports.export_of(SCOPES, kind, month, scope)
    assert refused.value.code == code
