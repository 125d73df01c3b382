// Where keyboard and screen-reader users land after something changes on the page.
//
// - When a page opens with an error summary ([data-error-summary]) it takes focus, so the
//   errors are read first; else a page opening with messages (after a POST) focuses them.
// - After an htmx swap that took away the element holding focus (an "Edit" link, a "Save" or
//   "Mark read" button, "Show more"), focus goes where the new content says
//   (data-swap-focus="#selector"), else into the form it brings (its first invalid field, or its
//   first field), else to the first new element.
// - The server says what happened with an HX-Trigger header, {"announce": {"message": "..."}};
//   the words are put in the page's one polite live region (#announcer in base.html).
(function () {
  "use strict";

  const FIELDS = "input:not([type=hidden]), select, textarea, [contenteditable=true]";
  let swap = null;
  let message = null;

  function usable(field) {
    return !field.disabled && field.tabIndex >= 0 && field.getClientRects().length > 0;
  }

  // The rich-text editor hides its textarea and shows an editor just before it.
  function shown(field) {
    if (field.dataset.richtextReady && field.previousElementSibling) {
      return field.previousElementSibling;
    }
    return field;
  }

  function focusForm(form) {
    const invalid = form.querySelector("[aria-invalid=true], .is-invalid");
    const candidates = invalid ? [shown(invalid)] : [];
    form.querySelectorAll(FIELDS).forEach(function (field) {
      candidates.push(field);
    });
    const first = candidates.find(usable);
    if (first) {
      first.focus();
      return true;
    }
    return false;
  }

  function focusElement(element) {
    if (!element) {
      return;
    }
    if (element.tabIndex < 0 && !element.hasAttribute("tabindex")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  function say() {
    const region = document.getElementById("announcer");
    if (!region || message === null) {
      return;
    }
    const words = message;
    message = null;
    // Emptied first, so that the same words said twice are heard twice.
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = words;
    }, 50);
  }

  document.addEventListener("announce", function (event) {
    message = (event.detail && event.detail.message) || "";
    // Said after the swap has settled (and focus has moved); said anyway if nothing is swapped.
    window.setTimeout(say, 500);
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    const target = event.detail.target;
    swap = {
      xhr: event.detail.xhr,
      target: target,
      parent: target.parentElement,
      previous: target.previousElementSibling,
      hadFocus: target.contains(document.activeElement),
    };
  });

  // The first element the swap put where the target was: the target itself when only its
  // content changed, else what now follows its old neighbour (never an out-of-band piece).
  function swappedIn(done) {
    if (done.target.isConnected) {
      return done.target;
    }
    if (done.previous && done.previous.isConnected) {
      return done.previous.nextElementSibling;
    }
    return done.parent && done.parent.firstElementChild;
  }

  function focusLost() {
    const active = document.activeElement;
    return !active || active === document.body || !active.isConnected;
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!swap || swap.xhr !== event.detail.xhr) {
      return;
    }
    const done = swap;
    swap = null;
    const root = swappedIn(done);
    // htmx itself puts focus back on an element with the same id; only a lost focus is moved.
    if (done.hadFocus && root && focusLost()) {
      const named = root.matches("[data-swap-focus]") ? root : root.querySelector("[data-swap-focus]");
      const form = root.matches("form") ? root : root.querySelector("form");
      if (named) {
        focusElement(document.querySelector(named.dataset.swapFocus));
      } else if (!(form && focusForm(form))) {
        focusElement(root);
      }
    }
    say();
  });

  document.addEventListener("DOMContentLoaded", function () {
    const summary = document.querySelector("[data-error-summary]");
    const messages = document.querySelector("[data-focus-on-load]");
    if (summary) {
      summary.focus();
    } else if (messages) {
      messages.focus();
    }
  });

  // A link in the error summary goes to its field and gives it focus (a hidden rich-text
  // textarea hands it to its editor).
  document.addEventListener("click", function (event) {
    const link = event.target.closest("[data-error-summary] a[href^='#']");
    const field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (field) {
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      shown(field).focus();
    }
  });
})();
