// A small formatting toolbar for answers: bold, italic, bulleted and numbered lists, links.
// It edits a contenteditable copy and writes HTML back into the textarea, which the
// server cleans (only simple tags survive). Without JavaScript the plain textarea works.
(function () {
  "use strict";

  // The words people hear and read come translated from the page: data-* attributes on this
  // script's own tag (see templates/assessments/_richtext_script.html); English if they are missing.
  const script = document.currentScript;
  const text = function (name, english) {
    return (script && script.dataset[name]) || english;
  };
  // Each button shows the word it is named by: a glyph such as "B" is not in "Gras" or "מודגש",
  // and people who speak their commands say what they see (WCAG 2.5.3, label in name).
  const BUTTONS = [
    ["bold", "fw-bold", text("bold", "Bold")],
    ["italic", "fst-italic", text("italic", "Italic")],
    ["insertUnorderedList", "", text("bulletedList", "Bulleted list")],
    ["insertOrderedList", "", text("numberedList", "Numbered list")],
    ["createLink", "", text("link", "Link")],
  ];

  function enhance(textarea) {
    if (textarea.dataset.richtextReady) {
      return;
    }
    textarea.dataset.richtextReady = "1";
    const toolbar = document.createElement("div");
    toolbar.className = "btn-toolbar gap-1 mb-1";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", text("formatting", "Formatting"));
    const editor = document.createElement("div");
    editor.className = "form-control richtext-editor";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    const label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      label.id = label.id || textarea.id + "-label";
      editor.setAttribute("aria-labelledby", label.id);
    }
    editor.innerHTML = textarea.value;
    BUTTONS.forEach(function (spec) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = ("btn btn-outline-secondary btn-sm " + spec[1]).trim();
      button.textContent = spec[2];
      button.addEventListener("click", function () {
        editor.focus();
        if (spec[0] === "createLink") {
          const url = window.prompt(text("linkPrompt", "Link address (https://...)"));
          if (url) {
            document.execCommand("createLink", false, url);
          }
        } else {
          document.execCommand(spec[0], false, null);
        }
        textarea.value = editor.innerHTML;
      });
      toolbar.appendChild(button);
    });
    editor.addEventListener("input", function () {
      textarea.value = editor.innerHTML;
    });
    textarea.classList.add("visually-hidden");
    textarea.setAttribute("tabindex", "-1");
    textarea.setAttribute("aria-hidden", "true");
    textarea.parentNode.insertBefore(toolbar, textarea);
    textarea.parentNode.insertBefore(editor, textarea);
  }

  function enhanceAll(root) {
    root.querySelectorAll("textarea[data-richtext]").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceAll(document);
  });
  // Inline editing swaps forms in with htmx: enhance what arrives.
  document.addEventListener("htmx:load", function (event) {
    enhanceAll(event.target);
  });
})();
