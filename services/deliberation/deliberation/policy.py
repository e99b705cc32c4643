"""What deliberation's decisions read of the district, built once at start: the `deliberation:`
section, everyone's roles, the working-day calendar and the grid tree (a case's community)."""

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from deliberation.bodies import ASSEMBLY, Bodies
from deliberation.config import Deliberation, bodies_of, deliberation_of
from deliberation.processes import Step, step_deadline
from gongzhi import workdays
from gongzhi.district import District

WHOLE_COUNCIL = "council"


@dataclass(frozen=True)
class Policy:
    district: District
    deliberation: Deliberation
    bodies: Bodies
    calendar: workdays.WorkingCalendar

    def community_of(self, grid_code: str | None) -> str | None:
        """The community a grid lies in: itself or the nearest grid above it that the
        `deliberation:` section lists; None for a grid in none (or no grid)."""
        while grid_code:
            if grid_code in self.deliberation.communities:
                return grid_code
            try:
                grid_code = self.district.grid(grid_code).parent
            except KeyError:
                return None
        return None

    def street_of(self, community: str) -> str:
        """The street a community lies in: its grid's parent (itself at the top of the tree)."""
        try:
            return self.district.grid(community).parent or community
        except KeyError:
            return community

    def streets(self) -> set[str]:
        """The streets of the communities the `deliberation:` section lists."""
        return {self.street_of(community) for community in self.deliberation.communities}

    def street_supervisors(self, street: str) -> list[str]:
        """Who is told of a street's filings: the roster of the street's grid, by id."""
        try:
            return [member.id for member in self.district.grid(street).roster]
        except KeyError:
            return []

    def due(self, step: Step, start: datetime) -> datetime | None:
        """When `step`, started at `start`, is due; None past the calendar's known years."""
        try:
            due = step_deadline(step, start, self.calendar, self.district.timezone)
        except workdays.UnknownYear:
            return None
        return due.astimezone(UTC)  # SQLite keeps a time's wall clock and drops its zone

    def working_days_past(self, due: datetime, now: datetime) -> int:
        """Working days from a deadline's day to today's, district time: a step due on Friday
        is one working day past on Monday. Calendar days past the calendar's known years."""
        zone = ZoneInfo(self.district.timezone)
        first, last = due.astimezone(zone).date(), now.astimezone(zone).date()
        try:
            return self.calendar.working_days_between(first, last)
        except workdays.UnknownYear:
            return (last - first).days

    def council_people(self, community: str) -> list[tuple[str, str]]:
        """Every (person, party) of the community's council, in the council's order."""
        council = self.bodies.council(community)
        return [(person, party) for party, people in council.items() for person in people]

    def people_of(self, community: str, by: tuple[str, ...]) -> list[str]:
        """Who acts for `by` (a step's parties or bodies) in `community`: the people of its
        council parties, the whole council for `council`, the assembly for `assembly`. A step
        only bodies without a roster act on (residents, the street) falls to the party core,
        who convenes the council."""
        council = self.bodies.council(community)
        people: list[str] = []
        for name in by:
            if name == WHOLE_COUNCIL:
                people += [person for person, _ in self.council_people(community)]
            elif name == ASSEMBLY:
                people += list(self.bodies.assembly(community))
            else:
                people += list(council.get(name, ()))
        return list(dict.fromkeys(people)) or list(council.get("party_core", ()))


def policy_of(district: District) -> Policy:
    return Policy(
        district=district,
        deliberation=deliberation_of(district),
        bodies=bodies_of(district),
        calendar=workdays.of_district(district.calendar),
    )
