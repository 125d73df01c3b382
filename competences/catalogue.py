"""The collaboration competencies, what each level looks like, and the levels each phase needs.

From seed 003, a partnering competency: the ability to enter a formal relationship between
organisations and to share authority and responsibility for planning, running and evaluating a
joint effort. The seed describes behaviours at levels 5, 4 and 3 and leaves 1 and 2 empty. We
group its behaviours into five competencies a person can judge one at a time, describe levels 3
to 5 from the seed in our own words, and write levels 1 and 2 on the same ladder: 1 works within
their own unit, 2 works with others when asked or guided, 3 reaches out on their own, 4 builds
and keeps networks and joint work going, 5 starts and shapes partnerships between organisations.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerships.models import Phase

LEVELS = (1, 2, 3, 4, 5)


class Competency(models.TextChoices):
    RELATIONSHIPS = "relationships", _("Building relationships and networks")
    INFORMATION = "information", _("Sharing information")
    JOINT_WORK = "joint_work", _("Solving problems together")
    AGREEMENTS = "agreements", _("Making and keeping agreements")
    INITIATIVE = "initiative", _("Starting joint work and pooling resources")


DESCRIPTIONS = {
    Competency.RELATIONSHIPS: {
        1: _("Works mostly with the people of their own unit."),
        2: _("Gets to know people in other units when the work brings them together."),
        3: _("Makes contacts outside their unit on their own and takes time to build trust with colleagues."),
        4: _("Keeps formal and informal networks alive and uses them to get things done."),
        5: _(
            "Builds strategic networks up, down and across organisations, and uses senior contacts to judge "
            "what a decision means."
        ),
    },
    Competency.INFORMATION: {
        1: _("Passes on information when asked for it."),
        2: _("Tells the people they work with about things that affect them."),
        3: _("Shares ideas and information on time, with care, and through several channels."),
        4: _("Keeps everyone in a joint project informed, including about successes and problems."),
        5: _("Brings every partner's concerns to decision-makers and picks the right forums to share what works."),
    },
    Competency.JOINT_WORK: {
        1: _("Solves problems within their own work."),
        2: _("Listens to others and helps when a colleague asks."),
        3: _("Involves others in solving problems, asks for and offers help, and decides together with them."),
        4: _(
            "Learns how partners work, respects their culture, and speaks for every partner's concerns, "
            "even when a partner is not in the room."
        ),
        5: _("Wins others' support and commitment for joint projects across organisations."),
    },
    Competency.AGREEMENTS: {
        1: _("Knows that the partnership has agreements and where to find them."),
        2: _("Follows the agreements that apply to their own work."),
        3: _("Helps keep agreements: respects what was agreed, including confidentiality."),
        4: _("Writes joint documents with partners and explains how their work depends on others'."),
        5: _(
            "Negotiates agreements between organisations: roles, what each does alone and together, and how "
            "the work is judged."
        ),
    },
    Competency.INITIATIVE: {
        1: _("Takes part in joint work when it is assigned."),
        2: _("Suggests where working with another unit could help."),
        3: _("Works with other units and organisations to build or keep relations between them."),
        4: _("Offers help, information and support to partners, and so builds a habit of give and take."),
        5: _(
            "Starts projects between organisations and finds new ways to share resources, such as joint "
            "undertakings and shared services."
        ),
    },
}

# The level each phase of a partnership needs from at least one person of its team, per competency.
# Starting a partnership calls for networks and initiative; forming it for negotiating the charter;
# running it for keeping everyone informed and solving problems together; assessing and renewing
# it for reporting every partner's view and agreeing the next cycle.
PHASE_NEEDS = {
    Phase.INITIATION: {
        Competency.RELATIONSHIPS: 4,
        Competency.INFORMATION: 3,
        Competency.JOINT_WORK: 3,
        Competency.AGREEMENTS: 3,
        Competency.INITIATIVE: 4,
    },
    Phase.PLANNING: {
        Competency.RELATIONSHIPS: 3,
        Competency.INFORMATION: 3,
        Competency.JOINT_WORK: 4,
        Competency.AGREEMENTS: 5,
        Competency.INITIATIVE: 3,
    },
    Phase.APPLICATION: {
        Competency.RELATIONSHIPS: 3,
        Competency.INFORMATION: 4,
        Competency.JOINT_WORK: 4,
        Competency.AGREEMENTS: 3,
        Competency.INITIATIVE: 3,
    },
    Phase.ASSESSMENT: {
        Competency.RELATIONSHIPS: 4,
        Competency.INFORMATION: 5,
        Competency.JOINT_WORK: 3,
        Competency.AGREEMENTS: 4,
        Competency.INITIATIVE: 3,
    },
}


def description(competency, level):
    return DESCRIPTIONS[Competency(competency)][level]


def needs_table():
    """(phase labels, [(competency label, [level needed in each phase])]) for the pages."""
    phases = list(PHASE_NEEDS)
    return (
        [phase.label for phase in phases],
        [(c.label, [PHASE_NEEDS[phase][c] for phase in phases]) for c in Competency],
    )
