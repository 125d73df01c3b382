"""The budget pages when the form is valid but the service refuses: the page says why and saves nothing."""

from django.urls import reverse

from budgets.models import Budget, Expenditure
from ministries.models import FieldUnit


def test_spending_for_a_unit_moved_to_another_ministry_is_refused(
    client_for, unit_officer, unit, budget, other_ministry
):
    # The office was moved to the partner ministry in the admin; the officer's posting still names it.
    Budget.objects.filter(pk=budget.pk).update(field_units_may_record=True)
    FieldUnit.objects.filter(pk=unit.pk).update(ministry=other_ministry)

    response = client_for(unit_officer).post(
        reverse("budgets:expenditure_add", args=[budget.partnership_id]),
        {
            "date": "2026-06-15",
            "category": "travel",
            "amount": "42.10",
            "spender": f"unit-{unit.pk}",
            "description": "Bus to Sioux Lookout",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Choose a unit of the organisation that spent the money."]
    assert response.context["form"]["description"].value() == "Bus to Sioux Lookout"
    assert not Expenditure.objects.exists()
