"""Bodies and people: per community the "1+4+N" council and the representatives' assembly, per
compound the Red Property four, from district.yaml and the roster CSV together; one person in
several roles (四职合一); and every bad role refused with its field, a roster row with its
line and why."""

from pathlib import Path

import pytest

from deliberation import roster
from deliberation.bodies import Role
from deliberation.config import Deliberation, bodies_of, deliberation_of
from gongzhi.cli import main
from gongzhi.district import load_district
from gongzhi.testing.districts import (
    SAMPLE,
    copy_sample,
    edit_config,
    line_of,
    problems_after_edit,
    problems_in,
    where,
    without,
)

FIRST, SECOND, THIRD = "620502001001", "620502001002", "620502001003"
HEADER = "community,compound,body,person,assembly_party\n"


@pytest.fixture(scope="module")
def bodies():
    return bodies_of(load_district(SAMPLE))


def test_a_councils_parties_are_the_one_the_four_and_the_n(bodies):
    council = bodies.council(FIRST)

    assert list(council) == [
        "party_core",
        "residents_committee",
        "mediation_committee",
        "community_police",
        "residents_representatives",
        "owners_committee",
        "property_company",
        "social_organisations",
    ]
    assert council["party_core"] == ("p-1001", "p-1002")
    assert council["residents_committee"] == ("p-1001", "p-1003", "p-1004")
    assert "p-1101" not in bodies.council_people(FIRST)  # on the assembly, not the council


def test_a_council_listed_only_in_the_roster_is_read_from_it(bodies):
    council = bodies.council(SECOND)

    assert council["party_core"] == ("p-2001",)
    assert council["owners_committee"] == ("p-2006",)
    assert bodies.council_people(SECOND) == {f"p-200{n}" for n in range(1, 9)}


def test_the_assembly_is_each_member_with_the_one_party_their_vote_counts_in(bodies):
    assembly = bodies.assembly(FIRST)

    assert len(assembly) == 30
    assert assembly["p-1001"] == "party_core"
    assert assembly["p-1009"] == "owners_committee"
    parties = sorted(set(assembly.values()))
    assert parties == [
        "owners_committee",
        "party_core",
        "property_company",
        "residents_representatives",
        "social_organisations",
    ]
    assert list(assembly.values()).count("residents_representatives") == 24


def test_a_districts_own_group_can_be_an_assembly_party(bodies):
    assert bodies.assembly(THIRD)["p-3116"] == "in_service_party_members"


def test_one_person_holds_four_roles(bodies):
    roles = bodies.roles_of("p-1001")

    assert set(roles) == {
        Role(FIRST, "", "party_core", "p-1001"),
        Role(FIRST, "", "residents_committee", "p-1001"),
        Role(FIRST, f"{FIRST}-01", "party_organisation", "p-1001"),
        Role(FIRST, "", "assembly", "p-1001", assembly_party="party_core"),
    }
    assert bodies.roles_of("p-9999") == ()


def test_a_compounds_four_parties_come_from_district_yaml_or_the_roster(bodies):
    listed = bodies.red_property(FIRST, f"{FIRST}-01")
    from_roster = bodies.red_property(FIRST, f"{FIRST}-02")

    assert listed["party_organisation"] == ("p-1001",)
    assert from_roster == {
        "party_organisation": ("p-1012",),
        "social_organisations": ("p-1011",),
        "owners_committee": ("p-1013",),
        "property_company": ("p-1014",),
    }


def test_a_district_without_the_section_has_no_bodies_and_no_process(tmp_path):
    folder = copy_sample(tmp_path)
    without(folder, "\ndeliberation:\n", "\n# How notify tells people")

    district = load_district(folder)

    assert deliberation_of(district) == Deliberation()
    assert bodies_of(district).council(FIRST) == {}
    with pytest.raises(KeyError):
        deliberation_of(district).process_for(FIRST)


def add_rows(folder: Path, *rows: str) -> list[int]:
    """Rows appended to the copy's roster.csv; their line numbers."""
    path = folder / "roster.csv"
    first = len(path.read_text(encoding="utf-8").splitlines()) + 1
    with path.open("a", encoding="utf-8") as file:
        file.writelines(f"{row}\n" for row in rows)
    return list(range(first, first + len(rows)))


def roster_problems(folder: Path) -> list[str]:
    """The roster's problems, each checked to sit at `roster:` in district.yaml."""
    problems = problems_in(folder)
    line = line_of(folder / "district.yaml", "roster: roster.csv")
    assert {where(p) for p in problems} == {("district.yaml", line, "deliberation.roster")}
    return [problem.message for problem in problems]


def test_a_bad_roster_row_is_reported_with_its_line_and_why(tmp_path):
    folder = copy_sample(tmp_path)
    lines = add_rows(
        folder,
        f"{FIRST},,party_core,,",
        f"{FIRST},,assembly,p-1200,",
        f"{FIRST},,party_core,p-1201,party_core",
        "Xiguan 1,,party_core,p-1202,",
        f"{FIRST},,party_core,13800138000,",
        f"{FIRST},,party_core,张伟,",
        f"{FIRST},,party_core,p-1203,,extra",
        f"{FIRST},{FIRST}-02,party_organisation,p-1012,",
    )

    messages = roster_problems(folder)

    assert messages == [
        f"roster.csv:{lines[0]}: person: required",
        f"roster.csv:{lines[1]}: assembly_party: required for an assembly member "
        "(the party their vote counts in)",
        f"roster.csv:{lines[2]}: assembly_party: only for an assembly member (body assembly)",
        f"roster.csv:{lines[3]}: community: 'Xiguan 1' is not a community code (digits)",
        f"roster.csv:{lines[4]}: person: looks like a phone number or an e-mail address "
        "(contacts are notify's)",
        f"roster.csv:{lines[5]}: person: not a person id: letters, digits, '.', '_' and '-' "
        "(names live in notify's directory)",
        f"roster.csv:{lines[6]}: more cells than the header has columns",
        f"roster.csv:{lines[7]}: the same role as line 2",
    ]
    assert "13800138000" not in "".join(messages)


def test_a_roster_row_in_a_body_its_community_has_not_is_reported(tmp_path):
    folder = copy_sample(tmp_path)
    lines = add_rows(
        folder,
        "620502001009,,party_core,p-1300,",
        f"{FIRST},{FIRST}-09,owners_committee,p-1301,",
        f"{FIRST},{FIRST}-01,residents_committee,p-1302,",
        f"{FIRST},,landlords,p-1303,",
        f"{FIRST},,assembly,p-1304,landlords",
        f"{FIRST},,assembly,p-1101,owners_committee",
        f"{FIRST},,party_core,p-1001,",
    )

    messages = roster_problems(folder)

    assert messages == [
        f"roster.csv:{lines[0]}: community '620502001009' is not under deliberation.communities",
        f"roster.csv:{lines[1]}: compound '{FIRST}-09' is not under its community's compounds",
        f"roster.csv:{lines[2]}: unknown party of a compound 'residents_committee'",
        f"roster.csv:{lines[3]}: unknown council party 'landlords'",
        f"roster.csv:{lines[4]}: unknown assembly party 'landlords'",
        f"roster.csv:{lines[5]}: already in the assembly for 'residents_representatives' "
        f"(roster.csv:{line_of(folder / 'roster.csv', 'p-1101')}): one party a person",
        f"roster.csv:{lines[6]}: the same role as communities[0].council.party_core[0]",
    ]


def test_a_roster_without_its_header_is_refused_on_line_one(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(f"{FIRST},,party_core,p-1001,\n", encoding="utf-8")

    with pytest.raises(roster.RosterProblems) as refused:
        roster.read(path)

    assert refused.value.problems == [
        (1, "the first line must name the columns community,compound,body,person,assembly_party")
    ]


def test_a_roster_read_gives_each_row_with_its_line(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(HEADER + f"{FIRST},,assembly,p-1,owners_committee\n", encoding="utf-8")

    [row] = roster.read(path)

    assert (row.line, row.role) == (2, Role(FIRST, "", "assembly", "p-1", "owners_committee"))


def test_a_missing_roster_fails_check_config_naming_the_field(tmp_path, capsys):
    folder = copy_sample(tmp_path)
    (folder / "roster.csv").unlink()

    assert main(["check-config", str(folder)]) == 1

    [problem, count] = capsys.readouterr().err.splitlines()
    yaml = folder / "district.yaml"
    assert problem == (
        f"{yaml}:{line_of(yaml, 'roster: roster.csv')}: deliberation.roster: "
        "roster.csv: cannot read: No such file or directory"
    )
    assert count == f"1 problem(s) in {folder}"


BAD = {
    "an unknown council party": (
        "mediation_committee: [p-1005]",
        "mediators: [p-1005]",
        "communities[0].council.mediators[0]",
        "unknown council party 'mediators'",
    ),
    "a phone number for a person": (
        "community_police: [p-1006]",
        "community_police: ['13800138000']",
        "communities[0].council.community_police.value[0]",
        "looks like a phone number or an e-mail address (contacts are notify's)",
    ),
    "a community that is no grid": (
        '- {code: "620502001006"}',
        '- {code: "620502001016"}',
        "communities[5].code",
        "no grid '620502001016' in the district's grid file",
    ),
    "a community listed twice": (
        '- {code: "620502001006"}',
        '- {code: "620502001005"}',
        "communities[5].code",
        "community '620502001005' is listed twice",
    ),
    "a compound party that is not one of the four": (
        "            owners_committee: [p-1009]",
        "            residents_committee: [p-1009]",
        "communities[0].compounds[0].parties.residents_committee.key",
        "Must be one of: party_organisation, social_organisations, owners_committee, "
        "property_company.",
    ),
    "a group named as a fixed party": (
        "deputies: 两代表一委员",
        "owners_committee: 业主代表",
        "groups.owners_committee",
        "already a party, a body or a grid role",
    ),
}


@pytest.mark.parametrize(("old", "new", "field", "message"), BAD.values(), ids=BAD.keys())
def test_a_bad_body_fails_the_check_with_its_field(tmp_path, old, new, field, message):
    line, problems = problems_after_edit(tmp_path, old, new)

    assert (("district.yaml", line, f"deliberation.{field}"), message) in [
        (where(problem), problem.message) for problem in problems
    ]


def test_a_person_listed_in_two_assembly_parties_is_refused(tmp_path):
    folder = copy_sample(tmp_path)
    old = "# assembly: {p-1101: residents_representatives, p-1102: owners_committee}"
    edit_config(folder, old, "assembly: {p-1102: owners_committee}")

    [problem] = problems_in(folder)

    line = line_of(folder / "district.yaml", "roster: roster.csv")
    assert where(problem) == ("district.yaml", line, "deliberation.roster")
    roster_line = line_of(folder / "roster.csv", "p-1102")
    assert problem.message == (
        f"roster.csv:{roster_line}: already in the assembly for 'owners_committee' "
        "(communities[0].assembly.p-1102): one party a person"
    )
