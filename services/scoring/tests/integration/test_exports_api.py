"""Monthly exports over HTTP on the running service: an operator's key exports any scope, an
organiser's its own community alone (any other scope 403), every other role and no key 403;
what is asked for wrongly is a 400 naming what; an XLSX of this month's ledger opens with
openpyxl, is marked provisional and shows the balances the accounts' own route shows; each
export is counted by kind and format."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.integration
COMMUNITY, OTHER = "620502001001", "620502001002"
LEDGER = "/api/v1/exports/ledger/2026-10"


def key(system, role: str, name: str = COMMUNITY) -> dict[str, str]:
    return {"X-Api-Key": system.key("scoring", role, name)}


def earned(system) -> str:
    """p-1 and p-2 registered, p-1's claim of 2 posts approved: the district month it was."""
    for person in ("p-1", "p-2"):
        wanted = {"person": person, "community": COMMUNITY, "role": "volunteer"}
        made = system.post(
            "scoring", "/api/v1/people", json=wanted, headers=key(system, "operator")
        )
        assert made.status_code == 201, made.text
    claim = {"activity": "public_welfare_post", "quantity": 2, "person": "p-1"}
    app = key(system, "resident_app", "app-1")
    made = system.post("scoring", "/api/v1/claims", json=claim, headers=app)
    approve = f"/api/v1/claims/{made.json()['id']}/approve"
    done = system.post("scoring", approve, json=None, headers=key(system, "organiser"))
    assert done.status_code == 200, done.text
    at = datetime.fromisoformat(done.json()["decided_at"])
    return at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")


def test_an_export_is_for_an_operator_or_its_communitys_organiser_alone(system):
    system.start("scoring")
    allowed = {"operator": 200, "organiser": 200}
    for role in ("operator", "organiser", "resident_app", "merchant", "supervisor", "organisation"):
        for form in ("csv", "xlsx"):
            path = f"{LEDGER}.{form}?scope=community:{COMMUNITY}"
            got = system.get("scoring", path, headers=key(system, role))
            assert got.status_code == allowed.get(role, 403), (role, got.text)
    got = system.get("scoring", f"{LEDGER}.csv?scope=district")
    assert (got.status_code, got.json()["error"]) == (403, "forbidden")


@pytest.mark.parametrize("scope", [f"community:{OTHER}", "street:620502001", "district", None])
def test_an_organiser_is_refused_any_scope_but_its_own_community(system, scope):
    system.start("scoring")
    path = f"{LEDGER}.xlsx" + (f"?scope={scope}" if scope else "")
    got = system.get("scoring", path, headers=key(system, "organiser"))
    assert (got.status_code, got.json()["error"]) == (403, "forbidden"), got.text
    assert system.get("scoring", path, headers=key(system, "operator")).status_code == 200


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/api/v1/exports/points/2026-10.csv", "unknown_kind"),
        ("/api/v1/exports/ledger/2026-13.csv", "invalid_month"),
        (f"{LEDGER}.csv?scope=street:{COMMUNITY}", "unknown_scope"),
        (f"{LEDGER}.xlsx?scope=everything", "unknown_scope"),
    ],
)
def test_an_export_asked_for_wrongly_is_a_400_naming_what(system, path, code):
    system.start("scoring")
    got = system.get("scoring", path, headers=key(system, "operator"))
    assert (got.status_code, got.json()["error"]) == (400, code), got.text


def test_this_months_ledger_shows_the_accounts_balances_provisionally(system):
    system.start("scoring")
    month = earned(system)
    path = f"/api/v1/exports/ledger/{month}.xlsx?scope=community:{COMMUNITY}"
    got = system.get("scoring", path, headers=key(system, "organiser"))
    assert got.status_code == 200, got.text
    assert got.headers["Content-Disposition"].endswith(f'ledger-{month}-{COMMUNITY}.xlsx"')
    book = load_workbook(io.BytesIO(got.content), read_only=True)
    assert dict(book["export"].iter_rows(values_only=True))["status"] == "provisional 临时"
    header, *rows, _ = list(book["balances"].iter_rows(values_only=True))
    closing = {row[0]: row[header.index("closing")] for row in rows}
    for code in ("person:p-1", "person:p-2", f"budget:{COMMUNITY}"):
        shown = system.get("scoring", f"/api/v1/accounts/{code}", headers=key(system, "operator"))
        assert closing[code] == shown.json()["balance"], code
    assert closing["person:p-1"] > 0
    as_csv = system.get("scoring", path.replace(".xlsx", ".csv"), headers=key(system, "operator"))
    assert as_csv.headers["Content-Type"].startswith("text/csv")
    assert "person:p-1" in {
        line[5] for line in csv.reader(io.StringIO(as_csv.text)) if len(line) > 5
    }
    exported = "gongzhi_scoring_exports_total"
    assert system.metric("scoring", exported) == 2
