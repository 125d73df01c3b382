from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from overlaps import services
from overlaps.finder import likely_pairs, marked_pairs, pair_of
from overlaps.forms import MarkForm
from overlaps.permissions import can_mark_duplicate, marking_ministry_ids
from partnerships.models import Partnership
from partnerships.permissions import get_partnership_for_user
from partnerships.tabs import tab_context


def _with_permissions(user, pairs):
    for pair in pairs:
        pair.may_mark = can_mark_duplicate(user, pair.first.partnership, pair.second.partnership)
    return pairs


def overview(request):
    return render(
        request,
        "overlaps/list.html",
        {
            "pairs": _with_permissions(request.user, likely_pairs(user=request.user)),
            "marked": marked_pairs(user=request.user),
        },
    )


def partnership_duplicates(request, pk):
    partnership = get_partnership_for_user(request, pk)
    return render(
        request,
        "overlaps/partnership_tab.html",
        {
            **tab_context(request, partnership, "duplicates"),
            "pairs": _with_permissions(request.user, likely_pairs(user=request.user, partnership=partnership)),
            "marked": marked_pairs(user=request.user, partnership=partnership),
        },
    )


def mark(request, pk, other):
    partnership = get_partnership_for_user(request, pk)
    other = get_object_or_404(Partnership.objects.with_participants().exclude(pk=partnership.pk), pk=other)
    pair = pair_of(user=request.user, partnership=partnership, other=other)
    if pair is None:
        raise Http404
    ministry_ids = marking_ministry_ids(request.user, partnership, other)
    if not ministry_ids:
        raise PermissionDenied
    form = MarkForm(request.POST or None, ministry_ids=ministry_ids)
    if request.method == "POST" and form.is_valid():
        services.duplicate_mark(
            first=partnership,
            second=other,
            ministry=form.cleaned_data["ministry"],
            by=request.user,
            verdict=form.cleaned_data["verdict"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Your answer is recorded. The other partnership's partners see it too."))
        return redirect("overlaps:partnership", pk=partnership.pk)
    return render(
        request,
        "overlaps/mark.html",
        {
            **tab_context(request, partnership, "duplicates"),
            "pair": pair,
            "other": pair.other_than(partnership),
            "form": form,
        },
    )
