"""The shop's part of `scoring:`, `scoring.shop:`: how many points each community's residents may
redeem in a district month (its shop budget), and how long an order waits for an organiser's
approval before it expires. Items are managed through the API (shop_items.py).

    scoring:
      shop:
        budgets: {"620502001001": 3000}    # points a community may redeem a month
        default_budget: 0                  # a community `budgets` does not name: no orders
        pending_days: 7                    # calendar days, as an item's voucher_days
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import marshmallow as ma


@dataclass(frozen=True)
class Shop:
    budgets: Mapping[str, int] = field(default_factory=dict)
    default_budget: int = 0
    pending_days: int = 7  # an order not approved within them expires, its points back

    def budget_of(self, community: str) -> int:
        """The points `community`'s residents may redeem in a month."""
        return self.budgets.get(community, self.default_budget)


class ShopSchema(ma.Schema):
    budgets = ma.fields.Dict(
        ma.fields.String(), ma.fields.Integer(validate=ma.validate.Range(0)), load_default=dict
    )
    default_budget = ma.fields.Integer(load_default=0, validate=ma.validate.Range(0))
    pending_days = ma.fields.Integer(load_default=7, validate=ma.validate.Range(1, 366))

    @ma.post_load
    def _shop(self, fields: dict[str, Any], **_: Any) -> Shop:
        return Shop(**fields)
