"""History lines are worded when they are read, in the reader's language: no English sentence in French or
Hebrew, for each kind of line (created, changed, a partner added, changed, withdrawn, a proposal made, agreed,
refused, withdrawn, taking effect)."""

import re
from decimal import Decimal

from django.urls import reverse

from ministries.models import Role
from partnerships import services as partnership_services
from partnerships.models import Participation, StructureProposal
from tests.builders import make_partnership, restructure
from tests.factories import MinistryFactory, person

HEBREW = re.compile("[\u0590-\u05ff]")


def history(client_for, user, partnership, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return client_for(user).get(reverse("partnerships:history", args=[partnership.pk])).context["entries"]


def party(ministry, role, share):
    return {"ministry": ministry, "role": role, "gain_share": Decimal(share), "risk_share": Decimal(share)}


def test_every_kind_of_history_line_is_read_in_french_and_hebrew(client_for, ministry, other_ministry):
    third = MinistryFactory(name="Ministry of Education", short_name="EDU")
    partnership = make_partnership([ministry, other_ministry])
    coordinator = person(ministry, Role.COORDINATOR)
    # A partner joins (a proposal every partner agrees to), its shares in per cent.
    restructure(
        partnership,
        coordinator,
        [party(ministry, "lead", "50"), party(other_ministry, "supporting", "25"), party(third, "supporting", "25")],
    )
    # A proposal withdrawn, and one refused.
    after = partnership_services.structure_snapshot(partnership, fields={"status": "on_hold"})
    propose = partnership_services.structure_propose
    proposal = propose(partnership=partnership, by=coordinator, after=after, reason="Why")
    partnership_services.structure_withdraw(proposal=proposal, by=coordinator)
    proposal = propose(partnership=partnership, by=coordinator, after=after, reason="Why")
    partnership_services.structure_refuse(
        proposal=proposal, ministry=other_ministry, by=person(other_ministry, Role.EXECUTIVE), reason="Not now"
    )
    # A partner withdraws.
    partnership_services.participation_withdraw(
        participation=Participation.objects.get(partnership=partnership, ministry=third),
        by=person(third, Role.COORDINATOR),
        reason="Budget cuts",
    )
    reader = person(ministry, Role.COORDINATOR)

    english = history(client_for, reader, partnership, "en")
    french = history(client_for, reader, partnership, "fr")
    hebrew = history(client_for, reader, partnership, "he")

    kinds = {entry.what.split(" ")[0] for entry in english}
    assert {"Created", "Added", "Proposed", "Agreed", "Every", "Withdrew", "Refused"} <= kinds
    assert StructureProposal.objects.count() == 3
    assert len(english) == len(french) == len(hebrew)
    for en, fr, he in zip(english, french, hebrew, strict=True):
        assert fr.what != en.what
        assert HEBREW.search(he.what)
        # Each change line has words of ours in it (a field's name, a role, a share's sign): they are French.
        assert [c for c, f in zip(en.changes, fr.changes, strict=True) if (c.label, c.new) == (f.label, f.new)] == []
    # The shares in a line: one way per language ("25%" and "25 %" never side by side).
    joined = next(c.new for e in french for c in e.changes if "rejoint" in c.new)
    assert "25\u202f%" in joined
