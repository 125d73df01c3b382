"""Numbers typed into a query string or a form by hand, read without ever raising; percentages as each
language writes them."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import get_language

# Nine digits fit a PostgreSQL integer column and every page number or year we use; a longer
# string is not a number anyone meant, and Python refuses to convert more than 4,300 digits.
DIGITS_AT_MOST = 9


def parse_positive_int(text, default=None):
    """The whole number `text` spells in ASCII digits (1 or more), else `default`.

    `str.isdigit()` and `int()` accept other scripts' digits ("²", "٣"), which then fail or
    surprise further on; here only 0-9 count, at most DIGITS_AT_MOST of them.
    """
    if not isinstance(text, str) or not 0 < len(text) <= DIGITS_AT_MOST:
        return default
    if not all("0" <= character <= "9" for character in text):
        return default
    number = int(text)
    return number if number >= 1 else default


# How each language writes a percentage: French puts a narrow no-break space before the sign (as the
# Government of Canada's style guide and Unicode's CLDR do); English and Hebrew write it straight after.
PERCENT_PATTERNS = {"fr": "{number}\u202f%"}
PERCENT_PATTERN = "{number}%"


def format_percent(value, places=2):
    """`value` (33.5, Decimal("33.33"), 40) as a percentage in the active language: "33.5%", "33,5 %".

    Rounded to at most `places` decimals, with no trailing zeros ("40%", not "40.00%"). Every page,
    export and message shows a percentage through this function (or the `percent` template filter),
    so that one page never says "33%" beside "55 %".
    """
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(str(value))
        if not number.is_finite():
            raise InvalidOperation
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # not a number at all: show it as it is rather than fail a page
        return str(value)
    digits = f"{number:f}"
    decimals = len(digits.partition(".")[2].rstrip("0"))
    text = number_format(number, decimal_pos=decimals)
    language = (get_language() or "en").split("-")[0]
    return PERCENT_PATTERNS.get(language, PERCENT_PATTERN).format(number=text)
