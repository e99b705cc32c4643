"""Who may do what through scoring's HTTP API, by the role of their API key.

| route                                 | operator | organiser   | resident_app | merchant |
|---------------------------------------|----------|-------------|--------------|----------|
| POST /api/v1/people (register)        | yes      | no          | no           | no       |
| POST /api/v1/accounts (open)          | yes      | no          | no           | no       |
| GET /api/v1/people/{person}           | yes      | its own     | yes          | no       |
| GET /api/v1/accounts/{code}           | yes      | its own     | no           | its own  |
| POST /api/v1/claims                   | no       | no          | yes          | no       |
| GET /api/v1/claims                    | all      | its own     | no           | no       |
| POST /api/v1/claims/{id}/approve      | no       | its own     | no           | no       |
| POST /api/v1/claims/{id}/reject       | no       | its own     | no           | no       |
| GET /api/v1/flags                     | yes      | no          | no           | no       |
| PUT /api/v1/people/{person}/board     | yes      | no          | yes          | no       |
| GET /api/v1/rankings/{community}/{m}  | yes      | its own     | no           | no       |
| GET /api/v1/public/rankings/{c}/{m}   | anyone, no key needed or read                 |
| GET /api/v1/assessment/{month}        | yes      | no          | no           | no       |
| GET /api/v1/assessment/{month}/departments/{id} | yes | no    | no           | no       |
| POST /api/v1/projects (publish)       | no       | its own     | no           | no       |
| POST /api/v1/projects/{id}/claims     | no       | no          | yes (person) | no       |
| POST /api/v1/projects/{id}/done       | no       | no          | yes (person) | no       |
| POST /api/v1/projects/{id}/rating     | no       | no          | yes          | no       |
| GET /api/v1/projects (list)           | all      | its own     | no           | no       |
| GET /api/v1/public/projects/{c}       | anyone, no key needed or read                 |
| POST /api/v1/issues/{id}/follow-ups   | yes      | its own     | no           | no       |
| GET /api/v1/shop/items                | anyone, no key needed                           |
| POST, PATCH /api/v1/shop/items[/{id}] | yes      | its own     | no           | no       |
| POST /api/v1/shop/items/{id}/restock  | yes      | its own     | no           | no       |
| POST /api/v1/shop/orders              | no       | no          | yes          | no       |
| GET /api/v1/shop/orders               | all      | its own     | no           | no       |
| GET /api/v1/shop/orders/{id}          | yes      | its own     | its own      | no       |
| POST /api/v1/shop/orders/{id}/approve | no       | its own     | no           | no       |
| POST /api/v1/shop/orders/{id}/refuse  | no       | its own     | no           | no       |
| POST /api/v1/shop/orders/{id}/cancel  | no       | its own     | its own      | no       |
| GET /api/v1/shop/orders/{id}/voucher  | no       | no          | its own      | no       |
| GET /api/v1/exports/{kind}/{m}.{fmt}  | any scope| its own     | no           | no       |
| POST /api/v1/shop/redeem              | no       | no          | no           | its own  |

A supervisor's key (督查, the district's supervision office) reads assessment alone: every
owner's month and each department's, as an operator's does, the property companies' ranking,
and their integrity files. An organiser enters its own community's inspections of property
companies (POST /api/v1/property/inspections) and reads its own companies' files; the ranking
(GET /api/v1/property/ranking/{year}) is for an operator or a supervisor.

An organisation's key (role organisation, named after the organisation's account holder id)
claims key projects and reports them done, as a resident app does for a person's basic ones.
Staff follow up projects at every step (GET /api/v1/projects): an operator's key any
community's (`?community=`) or all, an organiser's its own (asking for another's is a 403).

Without a key: a resident's rating link (GET /r/{token}, POST /api/v1/ratings/{token}: the
signed token is the credential, once) and the public scores of a resolved case
(GET and POST /api/v1/public/issues/{id}/scores, rate-limited per address).

"its own" for an organiser: its community's people, their accounts and claims, the
follow-ups (回访) of its community's cases, and its shop's items and orders; for a resident
app, the orders placed with its key; for a merchant, the vouchers of the items it provides
(another's is a 403).

An organiser's key is named after its community's code (620502001001): it decides the claims
of that community's people and reads their accounts; another community's are not found (404).
A merchant's key is named after the merchant: it reads merchant:<name> alone. A resident app
claims for registered people and shows them their points, as intake's resident_app reports
for residents. No key reads nothing but /metrics, /health and the OpenAPI document.
Issue keys with `gongzhi keys issue --service scoring --name <holder> --role <role>`.
"""

from gongzhi.apikeys import Holder
from gongzhi.keyguard import role_guard

ROLES = ("operator", "organiser", "resident_app", "merchant", "supervisor", "organisation")
READERS = ("operator", "organiser")

registrar = role_guard(
    "operator", why="people are registered, accounts opened, with an operator's key"
)
person_reader = role_guard(
    *READERS, "resident_app", why="a person is read by an operator, their organiser or an app"
)
account_reader = role_guard(
    *READERS, "merchant", why="an account is read by an operator, its organiser or its merchant"
)
claimant = role_guard("resident_app", why="claims are made through a resident app's key")
claims_reader = role_guard(*READERS, why="claims are listed for an operator or an organiser")
decider = role_guard("organiser", why="claims are decided with an organiser's key")
operator = role_guard("operator", why="anomaly flags are for an operator's key")
consenter = role_guard(
    "operator", "resident_app", why="a person's consent is set by their app or an operator"
)
publisher = role_guard("organiser", why="projects are published with an organiser's key")
projects_reader = role_guard(
    *READERS, why="projects are listed for an operator or their community's organiser"
)
project_claimant = role_guard(
    "resident_app", "organisation", why="a person's app or an organisation's key claims projects"
)
rater = role_guard("resident_app", why="the resident who ordered a project rates it in their app")
rankings_reader = role_guard(*READERS, why="full rankings are for an operator or an organiser")
assessor = role_guard(
    "operator", "supervisor", why="assessment is read with an operator's or a supervisor's key"
)
follower = role_guard(
    *READERS, why="follow-ups (回访) are recorded with an operator's or an organiser's key"
)
inspector = role_guard("organiser", why="inspections are entered with an organiser's key")
file_reader = role_guard(
    "operator", "supervisor", "organiser", why="a company's file is read by staff's keys"
)


def sees_community(holder: Holder, community: str | None) -> bool:
    """Whether the holder reads what belongs to `community`: an organiser its own alone."""
    return holder.role != "organiser" or holder.name == community


def sees_account(holder: Holder, code: str, community: str | None) -> bool:
    if holder.role == "merchant":
        return code == f"merchant:{holder.name}"
    return sees_community(holder, community)


# The shop (shop_service.py): items are listed for anyone, no key needed.
shop_keeper = role_guard(
    *READERS, why="shop items are managed with an operator's or organiser's key"
)
shopper = role_guard("resident_app", why="orders are placed through a resident app's key")
order_reader = role_guard(
    *READERS, "resident_app", why="an order is read by an operator, its organiser or its app"
)
approver = role_guard("organiser", why="orders are approved or refused with an organiser's key")
canceller = role_guard(
    "organiser", "resident_app", why="an order is cancelled by its app or its organiser"
)
voucher_reader = role_guard("resident_app", why="a voucher is shown by the app of its order")
counter = role_guard("merchant", why="vouchers are redeemed with the provider's merchant key")


# Monthly exports (export_service.py): an organiser's scope is its own community alone.
exporter = role_guard(*READERS, why="exports are made with an operator's or organiser's key")


def exports_scope(holder: Holder, scope) -> bool:
    """Whether the holder may export `scope`: an operator any, an organiser its community."""
    return holder.role != "organiser" or (scope.kind, scope.code) == ("community", holder.name)


def sees_order(holder: Holder, order) -> bool:
    """An app its own orders (placed with its key); an organiser its community's."""
    if holder.role == "resident_app":
        return bool(order.placed_by == holder.name)
    return sees_community(holder, order.community)
