"""Writes about ministries' people."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ministries.models import Membership


@transaction.atomic
def person_update(*, membership, first_name, last_name, job_title, role, can_sign):
    """Change a person's name and job title, and their role in `membership`'s ministry.

    Signatures keep the name and role the person had when signing (charters store them), so a
    rename here changes only what is shown from now on.
    """
    taken = Membership.objects.filter(user=membership.user_id, ministry=membership.ministry_id, role=role)
    if taken.exclude(pk=membership.pk).exists():
        raise ValidationError({"role": _("This person already has that role here. Choose another role.")})
    user = membership.user
    user.first_name, user.last_name, user.job_title = first_name.strip(), last_name.strip(), job_title.strip()
    user.save(update_fields=["first_name", "last_name", "job_title"])
    membership.role, membership.can_sign = role, can_sign
    membership.save(update_fields=["role", "can_sign"])
    return membership
