import inspect

import factory
import pytest

from tests import factories

FACTORIES = [
    value
    for _name, value in inspect.getmembers(factories, inspect.isclass)
    if issubclass(value, factory.django.DjangoModelFactory) and value.__module__ == factories.__name__
]


@pytest.mark.parametrize("model_factory", FACTORIES, ids=lambda f: f.__name__)
def test_factory_saves_a_row_that_passes_full_clean(db, model_factory):
    row = model_factory()

    row.full_clean()
    assert type(row).objects.filter(pk=row.pk).count() == 1
