"""Every piece of text people read in a template is marked for translation.

The check removes what is marked ({% translate %}, {% blocktranslate %}), template
code and markup, then looks for words left over. Attributes people read (labels,
titles, placeholders, alt text, confirmations) are checked the same way.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html")) + sorted((ROOT / "templates").rglob("*.txt"))
# Words that are the same in every language: the product's name and units.
ALLOWED = {"Interlock", "PDF", "CSV", "Excel", "%", "B", "I"}
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-confirm")

BLOCK_TRANSLATE = re.compile(r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.S)
COMMENTS = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}", re.S)
SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
TAG = re.compile(r"<[^>]+>", re.S)
ENTITY = re.compile(r"&[a-z]+;|&#\d+;")


def unmarked_text(source):
    source = COMMENTS.sub(" ", source)
    source = BLOCK_TRANSLATE.sub(" ", source)
    found = []
    for attribute in READ_ATTRIBUTES:
        for value in re.findall(rf'\s{attribute}="([^"]*)"', source):
            left = TEMPLATE_CODE.sub(" ", value)
            if re.search(r"[^\W\d_]{2,}", left):
                found.append(f'{attribute}="{value}"')
    text = TEMPLATE_CODE.sub(" ", source)
    text = SCRIPT.sub(" ", text)
    text = TAG.sub(" ", text)
    text = ENTITY.sub(" ", text)
    words = [w for w in re.findall(r"[^\W\d_][\w'’.-]*", text) if w.strip(".") not in ALLOWED]
    if words:
        found.append(" ".join(words[:12]))
    return found


def test_the_checker_finds_unmarked_text_and_accepts_marked_text():
    assert unmarked_text('<p>{% translate "Hello" %}</p><a title="{% translate \'Go\' %}">{{ x }}</a>') == []
    assert unmarked_text("<p>{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}</p>") == []
    assert unmarked_text("<p>Hello there</p>") == ["Hello there"]
    assert unmarked_text('<button aria-label="Close">{% translate "x" %}</button>') == ['aria-label="Close"']


def test_every_template_string_is_marked_for_translation():
    problems = {}
    for path in TEMPLATES:
        found = unmarked_text(path.read_text())
        if found:
            problems[str(path.relative_to(ROOT))] = found
    assert problems == {}
