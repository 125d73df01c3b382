"""Set-based reminder scans: each rule becomes one INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING.

A scan builds a SELECT of the reminders it promises with the models' own QuerySet rules (what is due,
late, escalated) joined to the people who hold the roles that hear of it (`ministries.models.holding`),
and `services.reminders_claim` turns it into reminder rows with a constant number of statements,
whatever the portfolio's size. The unique constraint `remind_once` (subject, kind, due date, recipient) is what makes it
idempotent: a row promised before, or by a concurrent scan, is skipped by ON CONFLICT DO NOTHING,
and RETURNING gives the ids of the new rows, which are sent after commit.

The expressions below word in SQL what the scans computed row by row before: dates as days apart,
the local day of a moment, a link with the partnership's id in it. They work on PostgreSQL and SQLite.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, DateField, F, IntegerField, Value
from django.db.models.functions import Cast, Concat, JSONObject, TruncDate
from django.urls import reverse
from django.utils import timezone

from ministries.models import holding

# The columns a claim fills from its SELECT, in this order, and those of the unique key `remind_once`.
COLUMNS = ("kind", "subject_type_id", "subject_id", "due_date", "recipient_id", "partnership_id", "context", "url")
KEY = ("subject_type_id", "subject_id", "kind", "due_date", "recipient_id")


class DaysBetween(models.Func):
    """Whole days from `earlier` to `later`."""

    output_field = IntegerField()
    template = "(%(expressions)s)"
    arg_joiner = " - "

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
        )


class DecimalText(models.Func):
    """A decimal as its text with two places ('3.40'), as str(Decimal) gives it."""

    output_field = CharField()
    template = "CAST(%(expressions)s AS text)"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="printf('%%%%.2f', %(expressions)s)")


class AddDays(models.Func):
    """A date plus a whole number of days (negative: earlier)."""

    output_field = DateField()
    template = "(%(expressions)s)"
    arg_joiner = " + "

    def as_sqlite(self, compiler, connection, **extra):
        (date_sql, date_params), (days_sql, days_params) = (compiler.compile(e) for e in self.get_source_expressions())
        # %%: Django's SQLite backend puts the statement through % formatting.
        return f"date({date_sql}, printf('%%+d days', {days_sql}))", (*date_params, *days_params)


def add_days(date_expression, days):
    """`date_expression` plus `days` (a number or an expression)."""
    return AddDays(date_expression, Value(days) if isinstance(days, int) else days)


def days_between(later, earlier):
    """Whole days from `earlier` to `later`, each a date or an expression."""
    return DaysBetween(_date(later), _date(earlier))


def _date(value):
    return Value(value, output_field=DateField()) if not hasattr(value, "resolve_expression") else value


def local_date(moment_field):
    """The local day (TIME_ZONE) of a moment: `timezone.localdate` in SQL."""
    return TruncDate(moment_field, tzinfo=timezone.get_current_timezone())


def nudge_date(start, *, first_after, every, today):
    """The latest reminder date on the schedule start+first_after, then every `every` days, for rows that
    have waited `first_after` days or more by `today` (a gate or charter still waiting is brought up again)."""
    steps = (days_between(today, start) - Value(first_after)) / Value(every) * Value(every)
    return add_days(start, steps + Value(first_after))


def link(url_name, *ids):
    """The path of `url_name` with these id expressions as its arguments, like reverse() row by row."""
    sentinels = [987654321 + i for i in range(len(ids))]
    path = reverse(url_name, args=sentinels)
    parts = []
    for sentinel, expression in zip(sentinels, ids, strict=True):
        before, path = path.split(str(sentinel), 1)
        parts += [Value(before), Cast(expression, CharField())]
    parts.append(Value(path))
    return Concat(
        *[part for part in parts if not (isinstance(part, Value) and part.value == "")], output_field=CharField()
    )


def told(queryset, path, *roles, signatories=False, where=None):
    """`queryset` joined to the memberships at `path` whose holders hear of it, and the recipient column.

    One filter() call, so that `where` (e.g. only the lead's participation) applies to the same join.
    """
    condition = holding(*roles, signatories=signatories, path=path)
    joined = queryset.filter(condition & where if where is not None else condition)
    return joined, F(f"{path}user_id")


def context(**values):
    """The reminder's context (what its message says), as a JSON object built by the database."""
    return JSONObject(**values)


def iso_date(expression):
    """A date as its ISO text ('2026-03-31'), as date.isoformat() writes it."""
    return Cast(expression, CharField())


def rows(
    queryset,
    *,
    kind,
    due_date,
    recipient,
    context,
    url,
    subject="pk",
    subject_model=None,
    partnership="partnership_id",
):
    """The SELECT of the reminders a rule promises: one row per (subject, recipient), named for the claim.

    `queryset` is the rule (the subjects that are due), already joined to the people told. Each
    keyword is an expression, or a field path of the subject, for that column of the reminder. The
    reminder is about the queryset's rows, or (`subject`, `subject_model`) about a row they point to.
    """
    subject_type = ContentType.objects.get_for_model(subject_model or queryset.model)
    columns = {
        "kind": Value(kind) if isinstance(kind, str) else kind,
        "subject_type_id": Value(subject_type.pk),
        "subject_id": subject,
        "due_date": due_date,
        "recipient_id": recipient,
        "partnership_id": partnership,
        "context": context,
        "url": url,
    }
    named = {f"claim_{name}": F(value) if isinstance(value, str) else value for name, value in columns.items()}
    # DISTINCT: someone holding the role in two ministries of one partnership is told once.
    return queryset.order_by().values(**named).distinct()
