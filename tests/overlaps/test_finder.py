import pytest

from charters.models import CharterVersion
from overlaps import finder
from overlaps.models import DuplicateMark, PartnershipText
from overlaps.services import duplicate_mark, overlap_texts_refresh
from partnerships.models import Partnership
from results.models import Indicator
from tests.builders import NORTH_CHILDREN, make_alike_partnership, make_partnership


def ids(pairs):
    return [(pair.first.partnership.pk, pair.second.partnership.pk) for pair in pairs]


@pytest.mark.django_db
@pytest.mark.parametrize("trigram", [True, False], ids=["postgresql", "words"])
def test_the_finder_finds_the_same_service_and_skips_a_dissimilar_one(
    trigram, coordinator, ours, theirs, salt, outsider
):
    overlap_texts_refresh(trigram=trigram)
    pairs = finder.likely_pairs(user=coordinator, partnership=ours)
    assert ids(pairs) == [(ours.pk, theirs.pk)]
    assert pairs[0].reasons == [
        "Same audience: Families with young children in Northern Ontario",
        "Same regions: Kenora, Northern Ontario",
        "Similar purpose",
        "Shared indicator: families assessed within 30 days",
    ]
    assert pairs[0].score >= 0.3
    # The coordinator sees their own side, not the other one.
    assert (pairs[0].first.visible, pairs[0].second.visible) == (True, False)
    assert finder.likely_pairs(user=coordinator, partnership=salt) == []
    # Across what a person sees: the other ministries' partnership is not among the coordinator's ...
    assert finder.likely_pairs(user=coordinator) == []
    # ... but the outsider, who sees it, finds nothing either: they see no partnership like it.
    assert finder.likely_pairs(user=outsider) == []


@pytest.mark.django_db
@pytest.mark.parametrize("trigram", [True, False], ids=["postgresql", "words"])
def test_the_finder_lists_pairs_among_what_a_person_sees(
    trigram, coordinator, ministry, third_ministry, ours, salt, regions
):
    twin = make_alike_partnership([ministry, third_ministry], "Early minds again", NORTH_CHILDREN, regions[1:])
    overlap_texts_refresh(trigram=trigram)
    pairs = finder.likely_pairs(user=coordinator)
    assert ids(pairs) == [(ours.pk, twin.pk)]
    assert pairs[0].reasons[:2] == [
        "Same audience: Families with young children in Northern Ontario",
        "Same regions: Kenora",
    ]
    assert (pairs[0].first.visible, pairs[0].second.visible) == (True, True)


@pytest.mark.django_db
def test_a_closed_partnership_is_no_duplicate(coordinator, ours, theirs):
    Partnership.objects.filter(pk=theirs.pk).update(status=Partnership.Status.CLOSED)
    assert finder.likely_pairs(user=coordinator, partnership=ours) == []


@pytest.mark.django_db
def test_the_text_follows_the_need_the_goals_and_the_indicators(ours):
    assert overlap_texts_refresh() >= 1
    assert overlap_texts_refresh() == 0  # nothing changed since
    text = PartnershipText.objects.get(pk=ours.pk)
    assert text.audience == "families with young children in northern ontario"
    assert text.indicator_names == ["families assessed within 30 days"]

    ours.target_audience = "Teachers of the north"
    ours.save()
    Indicator.objects.filter(partnership=ours).update(name="Teachers trained")  # update() leaves updated_at
    CharterVersion.objects.filter(partnership=ours).update(goals="Every school has a counsellor.")
    CharterVersion.objects.get(partnership=ours).save()
    assert overlap_texts_refresh() == 1
    text.refresh_from_db()
    assert text.audience == "teachers of the north"
    assert text.indicator_names == ["teachers trained"]
    assert text.purpose.endswith("every school has a counsellor.")
    assert "teachers trained" in text.text


@pytest.mark.django_db
def test_a_pair_leaves_the_list_only_when_both_sides_say_it_is_no_duplicate(
    coordinator, other_executive, executive, outsider, ours, theirs, ministry, outsider_ministry
):
    duplicate_mark(first=theirs, second=ours, ministry=ministry, by=coordinator, verdict="not_duplicate")
    [pair] = finder.likely_pairs(user=coordinator, partnership=ours)
    assert (pair.first.standing.verdict, pair.second.standing) == ("not_duplicate", None)
    duplicate_mark(first=ours, second=theirs, ministry=outsider_ministry, by=outsider, verdict="not_duplicate")
    assert finder.likely_pairs(user=coordinator, partnership=ours) == []
    [marked] = finder.marked_pairs(user=coordinator, partnership=ours)
    assert marked.dismissed
    assert [(m.ministry, m.verdict) for m in marked.marks] == [
        (outsider_ministry, "not_duplicate"),
        (ministry, "not_duplicate"),
    ]
    # Changing one's mind is a new mark: the history stays, and the pair is likely again.
    duplicate_mark(first=ours, second=theirs, ministry=ministry, by=executive, verdict="merge", note="Same team.")
    assert ids(finder.likely_pairs(user=coordinator, partnership=ours)) == [(ours.pk, theirs.pk)]
    assert DuplicateMark.objects.count() == 3


@pytest.mark.django_db
def test_marking_again_the_same_way_records_nothing_new(coordinator, ours, theirs, ministry):
    first = duplicate_mark(first=ours, second=theirs, ministry=ministry, by=coordinator, verdict="coordinate")
    again = duplicate_mark(first=ours, second=theirs, ministry=ministry, by=coordinator, verdict="coordinate")
    assert (again, DuplicateMark.objects.count()) == (first, 1)


@pytest.mark.django_db
def test_only_a_party_marks_and_never_a_partnership_with_itself(coordinator, ours, theirs, salt, outsider_ministry):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        duplicate_mark(first=ours, second=ours, ministry=ours.lead.ministry, by=coordinator, verdict="merge")
    with pytest.raises(ValidationError):
        duplicate_mark(first=ours, second=salt, ministry=outsider_ministry, by=coordinator, verdict="merge")
    assert DuplicateMark.objects.count() == 0


@pytest.mark.django_db
def test_pair_of_shows_nothing_of_an_unseen_partnership_that_is_not_alike(
    coordinator, outsider_ministry, third_ministry, ours
):
    unseen = make_partnership(
        [outsider_ministry, third_ministry], title="Ports", problem="Ships queue.", public_value="Trade."
    )
    assert finder.pair_of(user=coordinator, partnership=ours, other=unseen) is None


@pytest.mark.django_db
def test_a_page_compares_a_few_changed_partnerships_and_the_beat_the_rest(settings, coordinator, ours, theirs, salt):
    """After an upgrade or an import thousands may wait: a page never compares more than a few of them."""
    from overlaps.tasks import refresh_overlap_texts

    settings.INTERLOCK_OVERLAP_REFRESH_AT_ONCE = 1
    settings.INTERLOCK_OVERLAP_REFRESH_BATCH = 2
    finder.likely_pairs(user=coordinator, partnership=ours)
    assert PartnershipText.objects.count() == 1
    assert refresh_overlap_texts() == 2
    assert PartnershipText.objects.count() == 3
    assert refresh_overlap_texts() == 0
    # All compared: the pair is there without the page comparing anything.
    settings.INTERLOCK_OVERLAP_REFRESH_AT_ONCE = 0
    assert ids(finder.likely_pairs(user=coordinator, partnership=ours)) == [(ours.pk, theirs.pk)]
