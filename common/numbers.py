"""Numbers typed into a query string or a form by hand, read without ever raising."""

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
