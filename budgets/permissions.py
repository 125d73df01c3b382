"""Who may see and do what with a partnership's budget.

- Everyone in a participating ministry sees the budget; other ministries see nothing (404).
- Coordinators of the lead ministry set the budget up (of any participating ministry when
  there is no lead).
- The budget's managers — coordinators and executives of the lead ministry, or of the
  committee's member ministries — edit it: settings, contributions, expenditures, transfers.
- A transfer is marked sent by the sending ministry's coordinators or executives and confirmed
  by the receiving side's (the committee's members for the joint funds), never by the same
  person and never by the sender's own ministry.
- Field staff of a participating ministry record expenditures for their own field unit when
  the managers allow it.
- Nothing changes in a closed partnership.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from budgets.models import Budget
from ministries.models import Role
from ministries.permissions import memberships, ministry_ids
from partnerships.permissions import can_edit_partnership, get_partnership_for_user

MONEY_ROLES = (Role.COORDINATOR, Role.EXECUTIVE)


def can_set_up_budget(user, partnership):
    if partnership.is_closed:
        return False
    lead = partnership.lead
    allowed = {lead.ministry_id} if lead else partnership.ministry_ids
    return bool(ministry_ids(user, Role.COORDINATOR) & allowed)


def can_manage_grants(user, partnership):
    """Record a funder's grants: the coordinators of the participants (a funder's own people read them)."""
    return can_edit_partnership(user, partnership)


def can_manage_budget(user, budget):
    if budget.partnership.is_closed:
        return False
    return bool(ministry_ids(user, *MONEY_ROLES) & budget.managing_ministry_ids)


def expenditure_places(user, budget):
    """(ministry, field unit) pairs this person records spending for.

    Managers record for every participating ministry, without a unit; field staff for
    their own unit, when the managers allow it. The committee's joint funds are a
    choice of the form, offered to managers only.
    """
    partnership = budget.partnership
    if partnership.is_closed:
        return []
    if can_manage_budget(user, budget):
        return [(p.ministry, None) for p in partnership.participants]
    if not budget.field_units_may_record:
        return []
    return [
        (m.ministry, m.field_unit)
        for m in memberships(user)
        if m.role == Role.FIELD_STAFF and m.field_unit_id and m.ministry_id in partnership.ministry_ids
    ]


def can_record_expenditure(user, budget):
    return bool(expenditure_places(user, budget))


def can_remove_expenditure(user, expenditure, budget):
    """Managers correct mistakes; the person who recorded an entry may take it back."""
    if budget.partnership.is_closed:
        return False
    if can_manage_budget(user, budget):
        return True
    return expenditure.recorded_by_id == user.pk and can_record_expenditure(user, budget)


def transfer_senders(user, budget):
    """The participating ministries this person may send money from."""
    if budget.partnership.is_closed:
        return []
    participants = [p.ministry for p in budget.partnership.participants]
    if can_manage_budget(user, budget):
        return participants
    own = ministry_ids(user, *MONEY_ROLES)
    return [ministry for ministry in participants if ministry.pk in own]


def can_propose_transfer(user, budget):
    return bool(transfer_senders(user, budget))


def transfer_receiver_ids(transfer, budget):
    """The ministries that confirm receipt: the receiver, or the committee's members other than the sender."""
    if transfer.to_ministry_id:
        return {transfer.to_ministry_id}
    return {pk for pk in budget.managing_ministry_ids if pk != transfer.from_ministry_id}


def can_mark_transfer_sent(user, transfer, budget):
    if budget.partnership.is_closed or transfer.sent_at:
        return False
    return transfer.from_ministry_id in ministry_ids(user, *MONEY_ROLES)


def can_confirm_transfer(user, transfer, budget):
    if budget.partnership.is_closed or not transfer.sent_at or transfer.received_at:
        return False
    if transfer.sent_by_id == user.pk:
        return False
    return bool(ministry_ids(user, *MONEY_ROLES) & transfer_receiver_ids(transfer, budget))


def can_cancel_transfer(user, transfer, budget):
    """A transfer not sent yet may be withdrawn by its sender or the managers."""
    if budget.partnership.is_closed or transfer.sent_at:
        return False
    return transfer.from_ministry_id in ministry_ids(user, *MONEY_ROLES) or can_manage_budget(user, budget)


def load_budget(partnership):
    """The partnership's budget with its committee loaded, or None; two queries at most."""
    budget = Budget.objects.filter(partnership=partnership).prefetch_related("committee").first()
    if budget is not None:
        budget.partnership = partnership  # keep the prefetched participations
    return budget


def get_budget_for_user(request, partnership_pk, *, write=False):
    """The partnership's budget, or 404 (not visible, or no budget) / 403 (write without the right)."""
    partnership = get_partnership_for_user(request, partnership_pk)
    budget = load_budget(partnership)
    if budget is None:
        raise Http404
    if write and not can_manage_budget(request.user, budget):
        raise PermissionDenied
    return budget
