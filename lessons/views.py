from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.numbers import parse_positive_int
from common.textsearch import matching, snippet
from lessons import services
from lessons.forms import LessonForm, LibraryFilter
from lessons.models import Lesson
from lessons.permissions import can_record_lesson
from partnerships.permissions import get_partnership_for_user
from partnerships.tabs import tab_context

PAGE_SIZE = 20


def partnership_lessons(request, pk):
    partnership = get_partnership_for_user(request, pk)
    return render(
        request,
        "lessons/partnership_tab.html",
        {
            **tab_context(request, partnership, "lessons"),
            "lessons": Lesson.objects.filter(partnership=partnership).for_display(),
            "similar": Lesson.objects.similar_to(partnership, request.user, language=get_language()),
            "may_record": can_record_lesson(request.user, partnership),
        },
    )


def record(request, pk):
    partnership = get_partnership_for_user(request, pk)
    if not can_record_lesson(request.user, partnership):
        raise PermissionDenied
    # The review and gate pages link here with their own review or decision chosen.
    initial = {"source": Lesson.Source.CLOSING if partnership.is_closed else Lesson.Source.REVIEW}
    for source, field in ((Lesson.Source.REVIEW, "review"), (Lesson.Source.GATE, "gate_decision")):
        chosen = parse_positive_int(request.GET.get(field))
        if chosen:
            initial.update({"source": source, field: chosen})
    form = LessonForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_record(partnership=partnership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The lesson is recorded."))
            return redirect("lessons:partnership", pk=partnership.pk)
    return render(request, "lessons/lesson_form.html", {**tab_context(request, partnership, "lessons"), "form": form})


def library(request):
    form = LibraryFilter(request.GET or None)
    lessons = Lesson.objects.visible_to(request.user).for_display()
    text = ""
    if form.is_valid():
        text = form.cleaned_data["q"].strip()
        if form.cleaned_data["tag"]:
            lessons = lessons.tagged(form.cleaned_data["tag"])
        if form.cleaned_data["source"]:
            lessons = lessons.filter(source=form.cleaned_data["source"])
        if text:
            lessons = matching(lessons, Lesson.TEXT_FIELDS, text, language=get_language())
    elif form.is_bound:
        lessons = lessons.none()
    page = Paginator(lessons, PAGE_SIZE).get_page(parse_positive_int(request.GET.get("page"), 1))
    for lesson in page.object_list:
        lesson.snippet = snippet(lesson, Lesson.TEXT_FIELDS, text) if text else ""
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "lessons/library.html", {"form": form, "page": page, "query": query.urlencode()})
