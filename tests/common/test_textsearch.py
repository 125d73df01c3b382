import pytest

from common.textsearch import matching
from partnerships.models import Partnership
from tests.factories import PartnershipFactory

FIELDS = ("title", "problem")


@pytest.fixture
def rows(db):
    return [
        PartnershipFactory(title="School meals", problem="Children come to school hungry."),
        PartnershipFactory(title="Road salt", problem="Icy roads in winter."),
    ]


@pytest.mark.parametrize("full_text", [True, False])
@pytest.mark.usefixtures("rows")
def test_every_word_must_be_found_unless_any_will_do(full_text):
    def found(text, **kwargs):
        queryset = matching(Partnership.objects.all(), FIELDS, text, language="en", full_text=full_text, **kwargs)
        return sorted(p.title for p in queryset)

    assert found("school winter") == []
    assert found("school winter", any_word=True) == ["Road salt", "School meals"]
    assert found("hungry children") == ["School meals"]
