"""Every PDF Interlock makes goes through `html_to_pdf`: tagged for screen readers (PDF/UA-1), in the
language of the page it is made from (its <html lang>, which becomes the PDF's /Lang), with the page's own
stylesheet read from disk.

WeasyPrint would fetch the page's stylesheet over HTTP from the site itself (slow, and it fails where the
site cannot reach its own address); it is given our static files only and nothing from elsewhere.
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _


def _static_only():
    """A fetcher that answers our static files from disk and refuses every other address."""
    from weasyprint.urls import URLFetcher

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            path = urlsplit(url).path
            found = path.startswith(settings.STATIC_URL) and finders.find(path.removeprefix(settings.STATIC_URL))
            if not found:
                raise ValueError(f"A PDF loads only our own static files, not {url}")
            return super().fetch(Path(found).as_uri(), headers)

    return StaticOnly(allowed_protocols=["file"])


def _page_counter():
    """The footer's "Page 2 of 5" in the reader's words: a bare "2 / 5" reads "5 / 2" right to left."""
    from weasyprint import CSS

    words = _("Page %(page)s of %(pages)s") % {"page": '" counter(page) "', "pages": '" counter(pages) "'}
    # A stylesheet given to write_pdf is the user's: !important wins over print.css's "1 / 2" for browsers.
    return CSS(string=f'@page {{ @bottom-center {{ content: "{words}" !important; }} }}')


def html_to_pdf(html, *, base_url):
    """The PDF of the printable page `html`, tagged (PDF/UA-1) in the page's language.

    The page must say its language (<html lang="…">): PDF/UA asks for it, and a screen reader reads a
    Hebrew or French PDF with the wrong voice without it.
    """
    # WeasyPrint takes most of a second to import: only a PDF pays for it, not every process's start.
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url, url_fetcher=_static_only())
    return document.write_pdf(stylesheets=[_page_counter()], pdf_variant="pdf/ua-1")
