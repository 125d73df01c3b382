from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Points for thought and gates")

    def ready(self):
        # What this app's reminders say is registered with notifications when the module loads, and the
        # words of the gate's requirements as phrases (common.phrases): a snapshot of them is worded when
        # it is read, so they must be known before any page shows one.
        import assessments.gate_checks
        import assessments.reminders  # noqa: F401

        # A partnership started from another takes over its answers' text: partnerships tells us.
        from assessments.services import point_answers_copy, point_answers_start
        from partnerships.services import follow_copies, follow_parties

        follow_copies(point_answers_copy)
        # A new partnership gets its blank answers to the 15 points: partnerships tells us.
        follow_parties(point_answers_start)

        # Someone leaving hands on the points for thought they own and the evaluations asked of them.
        from assessments.review_services import evaluator_assignments_hand_over
        from assessments.services import point_owners_hand_over
        from ministries.services import follow_handovers

        follow_handovers(point_owners_hand_over)
        follow_handovers(evaluator_assignments_hand_over)

        # Gate decisions, and the phase changes they made, in the partnership's history.
        from assessments.history import gate_entries
        from partnerships.history import add_source

        add_source(gate_entries)
