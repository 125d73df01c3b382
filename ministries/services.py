from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ministries.models import JointSite
from ministries.permissions import is_administrator, joint_site_keeper_ids

JOINT_SITE_FIELDS = ["name", "name_fr", "name_he", "sponsor", "manager", "address", "region"]


@transaction.atomic
def joint_site_save(*, by, fields, operators, committee, site=None):
    """Create or change a joint site with the organisations that run it and its committee.

    A coordinator keeps one of their own organisations among those that run it: they could not
    otherwise change the site again, and must not name a site for others alone.
    """
    if not is_administrator(by) and not (joint_site_keeper_ids(by) & {o.pk for o in operators}):
        raise ValidationError({"operators": _("Your own organisation must be one of those that run the site.")})
    site = site or JointSite()
    for name, value in fields.items():
        setattr(site, name, value)
    site.full_clean()
    site.save()
    site.operators.set(operators)
    site.committee.set(committee)
    return site
