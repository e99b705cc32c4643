"""The sample district's people.csv against its councils: deliberation's bodies (district.yaml
and roster.csv) and scoring's people registry agree, so the sample's council_vote and
plan_evaluated rules earn its council members points instead of skipping them."""

from sqlalchemy import select

from deliberation.config import bodies_of
from gongzhi.cli import main
from gongzhi.db import DatabaseSettings, create_engine_for
from gongzhi.district import load_district
from gongzhi.testing.system import SAMPLE_DISTRICT
from scoring.model import people


def test_the_samples_councils_and_assemblies_are_registered_by_its_people_csv(
    tmp_path, monkeypatch, capsys
):
    url = f"sqlite:///{tmp_path / 'scoring.db'}"
    monkeypatch.setenv("SCORING_DATABASE_URL", url)
    assert main(["db", "upgrade", "scoring"]) == 0
    capsys.readouterr()
    assert main(["scoring", "people", "import", str(SAMPLE_DISTRICT / "people.csv")]) == 0

    bodies = bodies_of(load_district(SAMPLE_DISTRICT))
    members = {role.person for role in bodies.roles}
    companies = {person for person in members if company_only(bodies.roles_of(person))}
    engine = create_engine_for(DatabaseSettings(url, None))
    with engine.connect() as connection:
        registered = set(connection.execute(select(people.c.person)).scalars())
    engine.dispose()
    assert registered == members - companies  # a property company serves as the company
    assert capsys.readouterr().out == f"{len(registered)} registered, 0 already, 0 bad rows\n"


def company_only(roles) -> bool:
    return all("property_company" in (role.body, role.assembly_party) for role in roles)
