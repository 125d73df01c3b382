// Interlock's own script. Kept in a file, never inline, so the Content-Security-Policy can forbid inline code.
document.addEventListener("DOMContentLoaded", function () {
  // Buttons that ask before they act: <button data-confirm="Are you sure?">.
  document.body.addEventListener("click", function (event) {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });
});

// "Add another" for Django formsets: copy the empty form kept in a <template>,
// give it the next index and count it in the management form.
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-formset-add]");
  if (!button) {
    return;
  }
  const prefix = button.dataset.formsetAdd;
  const total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  const template = document.getElementById(button.dataset.formsetTemplate);
  const target = document.getElementById(button.dataset.formsetTarget);
  const index = parseInt(total.value, 10);
  const html = template.innerHTML.replace(/__prefix__/g, String(index));
  target.insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  const added = target.lastElementChild;
  const first = added && added.querySelector("input, select, textarea");
  if (first) {
    first.focus();
  }
});

// Wide tables scroll sideways on small screens. A scrolling region must be reachable
// with the keyboard and named for screen readers: give it focus and its table's caption
// (or its section's heading). Two regions never share a name: a screen reader's list of
// regions would not tell them apart.
function words(element) {
  return element.textContent.replace(/\s+/g, " ").trim();
}
function regionName(region) {
  const caption = region.querySelector("caption");
  if (caption && words(caption)) {
    return words(caption);
  }
  const section = region.closest("section, article, main");
  const heading = section && section.querySelector("h1, h2, h3, h4, h5, h6");
  return heading ? words(heading) : document.title;
}
function takenRegionNames() {
  const names = new Set();
  // Sections with a name are regions too.
  document.querySelectorAll('[role="region"], section[aria-label], section[aria-labelledby]').forEach(function (other) {
    const label = other.getAttribute("aria-label");
    const ids = other.getAttribute("aria-labelledby");
    if (label) {
      names.add(label.replace(/\s+/g, " ").trim());
    } else if (ids) {
      names.add(ids.split(" ").map(function (id) {
        const named = document.getElementById(id);
        return named ? words(named) : "";
      }).join(" "));
    }
  });
  return names;
}
function labelScrollingTables(root) {
  root.querySelectorAll(".table-responsive").forEach(function (region) {
    if (region.scrollWidth <= region.clientWidth || region.hasAttribute("tabindex")) {
      return;
    }
    const taken = takenRegionNames();
    const name = regionName(region);
    let unique = name;
    for (let n = 2; taken.has(unique); n++) {
      unique = name + " (" + n + ")";
    }
    region.setAttribute("tabindex", "0");
    region.setAttribute("role", "region");
    region.setAttribute("aria-label", unique);
  });
}
document.addEventListener("DOMContentLoaded", function () {
  labelScrollingTables(document);
});
window.addEventListener("resize", function () {
  labelScrollingTables(document);
});
document.addEventListener("htmx:load", function (event) {
  labelScrollingTables(event.target);
});
