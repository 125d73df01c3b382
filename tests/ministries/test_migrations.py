"""The government as text becomes a Jurisdiction row (ministries 0007-0008), and back, on a real database."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

TEXT = [("ministries", "0006_orgs2_added_by")]
ROWS = [("ministries", "0008_govt_drop_jurisdiction_text")]


def migrate(targets):
    """The database migrated to `targets`; the apps (historical models) as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_government_typed_becomes_one_government_whatever_its_case_and_goes_back_to_text():
    try:
        old = migrate(TEXT)
        OldMinistry, OldRegion = old.get_model("ministries", "Ministry"), old.get_model("ministries", "Region")
        for short, government in [("MOH", "Ontario"), ("MOE", " ontario "), ("MOW", "Israel"), ("OTF", "")]:
            OldMinistry.objects.create(name=short, short_name=short, jurisdiction=government)
        OldRegion.objects.create(name="Negev", jurisdiction="Israel")
        OldRegion.objects.create(name="Yukon", jurisdiction="Canada (federal)")

        new = migrate(ROWS)
        Jurisdiction = new.get_model("ministries", "Jurisdiction")
        Ministry, Region = new.get_model("ministries", "Ministry"), new.get_model("ministries", "Region")
        assert sorted(Jurisdiction.objects.values_list("name", flat=True)) == ["Canada (federal)", "Israel", "Ontario"]
        assert sorted(Ministry.objects.values_list("short_name", "jurisdiction__name")) == [
            ("MOE", "Ontario"),
            ("MOH", "Ontario"),
            ("MOW", "Israel"),
            ("OTF", None),
        ]
        assert sorted(Region.objects.values_list("name", "jurisdiction__name")) == [
            ("Negev", "Israel"),
            ("Yukon", "Canada (federal)"),
        ]

        back = migrate(TEXT)
        assert sorted(back.get_model("ministries", "Ministry").objects.values_list("short_name", "jurisdiction")) == [
            ("MOE", "Ontario"),
            ("MOH", "Ontario"),
            ("MOW", "Israel"),
            ("OTF", ""),
        ]
        assert sorted(back.get_model("ministries", "Region").objects.values_list("name", "jurisdiction")) == [
            ("Negev", "Israel"),
            ("Yukon", "Canada (federal)"),
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
