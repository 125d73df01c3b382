from django.urls import reverse

from tests.builders import pledge, spend


def test_saving_the_contributions_unchanged_says_nothing_changed(client_for, coordinator, budget, ministry):
    pledge(budget, ministry, 2026, "50000")
    client = client_for(coordinator)
    url = reverse("budgets:contributions", args=[budget.partnership.pk])
    form = client.get(url).context["form"]
    unchanged = {field.html_name: "" if field.value() is None else field.value() for field in form}

    response = client.post(url, unchanged, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Nothing changed."]


def test_an_expenditure_without_a_receipt_has_nothing_to_download(client_for, coordinator, budget, ministry):
    expenditure = spend(budget, ministry, "1200")
    url = reverse("budgets:expenditure_attachment", args=[budget.partnership.pk, expenditure.pk])

    assert client_for(coordinator).get(url).status_code == 404
