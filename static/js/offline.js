// Field staff without a signal (see service-worker.js and offline-store.js).
// - installs the service worker and asks it to keep this person's pages;
// - a progress or measurement form submitted offline is kept on the phone (photos made smaller
//   first) and listed under "Entries on this phone", where it can be changed or deleted until sent;
// - entries are sent when the connection returns: Background Sync where the browser has it, and
//   whenever a page opens or the 'online' event comes;
// - signing out clears the entries and every page kept.
(function () {
  "use strict";

  const store = self.InterlockOffline;
  const body = document.body;
  const user = body.dataset.offlineUser;
  const KEEP_EVERY_MS = 30 * 60 * 1000;
  const PHOTO_MAX_SIDE = 1600;
  if (!store || !user || !self.indexedDB) {
    return;
  }

  function csrfToken() {
    try {
      return JSON.parse(body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      return "";
    }
  }

  function announce(text) {
    const announcer = document.getElementById("announcer");
    if (announcer) {
      announcer.textContent = text;
    }
  }

  function worker() {
    if (!("serviceWorker" in navigator) || !body.dataset.serviceWorker) {
      return Promise.resolve(null);
    }
    return navigator.serviceWorker.ready;
  }

  // Photos are made at most 1600 pixels on their longer side, as JPEG, before they are kept:
  // a phone's 12-megapixel photo becomes a few hundred kilobytes to store and to send.
  function shrink(file) {
    if (file.type.indexOf("image/") !== 0 || !self.createImageBitmap) {
      return Promise.resolve({ blob: file, name: file.name });
    }
    return createImageBitmap(file)
      .then(function (bitmap) {
        const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
        const canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(bitmap.width * scale));
        canvas.height = Math.max(1, Math.round(bitmap.height * scale));
        canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        return new Promise(function (resolve) {
          canvas.toBlob(
            function (blob) {
              const name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
              resolve(blob ? { blob: blob, name: name } : { blob: file, name: file.name });
            },
            "image/jpeg",
            0.8,
          );
        });
      })
      .catch(function () {
        return { blob: file, name: file.name }; // a format the browser cannot draw (HEIC): kept as it is
      });
  }

  function entryFrom(form, submitter) {
    const data = new FormData(form);
    if (submitter && submitter.name) {
      data.append(submitter.name, submitter.value);
    }
    const fields = {};
    const pending = [];
    data.forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") {
        return;
      }
      if (value instanceof File) {
        if (value.size) {
          const made = name === "photos" ? shrink(value) : Promise.resolve({ blob: value, name: value.name });
          pending.push(
            made.then(function (kept) {
              return { field: name, name: kept.name, blob: kept.blob };
            }),
          );
        }
        return;
      }
      fields[name] = value;
    });
    const chosen = form.querySelector("select[name=partnership]");
    const title =
      form.dataset.offlineTitle || (chosen && chosen.selectedOptions[0] ? chosen.selectedOptions[0].text : "");
    return Promise.all(pending).then(function (files) {
      return { fields: fields, files: files, title: title };
    });
  }

  function summary(entry) {
    const f = entry.fields;
    return [f.text, f.value_text, f.value, f.note].filter(Boolean).join(" — ");
  }

  function copyText(entry) {
    const f = entry.fields;
    return [entry.title, f.date || f.period, summary(entry)].filter(Boolean).join("\n");
  }

  // The list of entries on this phone.

  const outbox = document.getElementById("offline-outbox");

  function button(label, action, key, style) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm " + style;
    b.textContent = label;
    b.dataset.offlineAction = action;
    b.dataset.key = key;
    return b;
  }

  function render() {
    if (!outbox) {
      return Promise.resolve();
    }
    const words = outbox.dataset;
    return store.all().then(function (entries) {
      const mine = entries.filter(function (entry) {
        return entry.user === user;
      });
      const list = outbox.querySelector("[data-outbox-list]");
      list.replaceChildren();
      outbox.hidden = mine.length === 0;
      mine.forEach(function (entry) {
        const item = document.createElement("li");
        item.className = "border-bottom py-2 offline-entry";
        item.dataset.state = entry.state;
        const head = document.createElement("div");
        head.className = "fw-semibold";
        head.textContent = entry.title;
        const text = document.createElement("p");
        text.className = "mb-1 offline-text";
        text.textContent = summary(entry);
        const state = document.createElement("p");
        state.className = "mb-1 small offline-state";
        if (entry.state === "sent") {
          state.textContent = words.sent;
          state.classList.add("text-success");
        } else if (entry.state === "refused") {
          state.textContent = words.refused + " " + entry.reason;
          state.classList.add("text-danger");
        } else {
          state.textContent = words.waiting;
        }
        item.append(head, text, state);
        const actions = document.createElement("div");
        actions.className = "d-flex flex-wrap gap-2";
        if (entry.state !== "sent") {
          actions.append(button(words.change, "change", entry.key, "btn-outline-primary"));
          actions.append(button(words.delete, "delete", entry.key, "btn-outline-danger"));
        }
        if (entry.state === "refused") {
          actions.append(button(words.copy, "copy", entry.key, "btn-outline-secondary"));
        }
        if (entry.state === "sent" && entry.url) {
          const open = document.createElement("a");
          open.href = entry.url;
          open.className = "btn btn-sm btn-outline-secondary";
          open.textContent = words.open;
          actions.append(open);
        }
        item.append(actions);
        list.append(item);
      });
    });
  }

  function formFor(entry) {
    return Array.from(document.querySelectorAll("form[data-offline-url]")).find(function (form) {
      return form.dataset.offlineUrl === entry.url;
    });
  }

  // Put a kept entry back in its form to change it; the next save replaces it (its key stays).
  function loadIntoForm(entry) {
    const form = formFor(entry);
    if (!form) {
      window.location.href = entry.page + "#offline-" + entry.key;
      return;
    }
    Object.keys(entry.fields).forEach(function (name) {
      form.querySelectorAll("[name='" + CSS.escape(name) + "']").forEach(function (field) {
        if (field.type === "radio" || field.type === "checkbox") {
          field.checked = field.value === entry.fields[name];
        } else if (field.type !== "file" && field.type !== "submit") {
          field.value = entry.fields[name];
        }
      });
    });
    form.dataset.editing = entry.key;
    const first = form.querySelector("textarea, input:not([type=hidden]), select");
    if (first) {
      first.focus();
    }
    announce(outbox ? outbox.dataset.editing : "");
  }

  if (outbox) {
    outbox.addEventListener("click", function (event) {
      const target = event.target.closest("[data-offline-action]");
      if (!target) {
        return;
      }
      store.get(target.dataset.key).then(function (entry) {
        if (!entry || entry.user !== user) {
          return null;
        }
        const action = target.dataset.offlineAction;
        if (action === "delete") {
          if (!window.confirm(outbox.dataset.confirmDelete)) {
            return null;
          }
          return store.remove(entry.key).then(render);
        }
        if (action === "copy") {
          return navigator.clipboard.writeText(copyText(entry)).then(
            function () {
              announce(outbox.dataset.copied);
            },
            function () {
              window.prompt(outbox.dataset.copy, copyText(entry));
            },
          );
        }
        loadIntoForm(entry);
        return null;
      });
    });
  }

  function sendNow() {
    if (!navigator.onLine) {
      return Promise.resolve();
    }
    return store.send().then(render, render);
  }

  function askToSend() {
    return worker().then(function (registration) {
      if (registration && registration.sync) {
        return registration.sync.register("interlock-send").catch(sendNow);
      }
      return sendNow();
    });
  }

  // A form submitted without a signal (or while changing a kept entry) is kept on the phone.
  document.querySelectorAll("form[data-offline-url]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (navigator.onLine && !form.dataset.editing) {
        return; // online: the form is sent as always
      }
      event.preventDefault();
      const editing = form.dataset.editing;
      Promise.all([entryFrom(form, event.submitter), editing ? store.get(editing) : null])
        .then(function (made) {
          const earlier = made[1];
          const entry = earlier || {
            key: self.crypto.randomUUID(),
            createdAt: new Date().toISOString(),
            user: user,
            url: form.dataset.offlineUrl,
            page: window.location.pathname,
          };
          entry.fields = made[0].fields;
          entry.files = made[0].files.length || !earlier ? made[0].files : earlier.files;
          entry.title = made[0].title;
          entry.state = "waiting";
          entry.reason = "";
          return store.put(entry);
        })
        .then(function () {
          delete form.dataset.editing;
          form.reset();
          announce(outbox ? outbox.dataset.kept : "");
          return render();
        })
        .then(askToSend);
    });
  });

  // Signing out removes this person's entries and every page kept, before the sign-out is sent.
  document.querySelectorAll("form[data-offline-sign-out]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      store
        .all()
        .then(function (entries) {
          const unsent = entries.filter(function (entry) {
            return entry.user === user && entry.state !== "sent";
          }).length;
          if (unsent && !window.confirm(form.dataset.offlineSignOut)) {
            return false;
          }
          return Promise.all([store.clear(), store.clearCaches()]).then(function () {
            return true;
          });
        })
        .then(function (go) {
          if (go) {
            form.submit();
          }
        });
    });
  });

  // Someone else signed in on this phone (the last person's session ended without signing out):
  // their entries and pages are not this person's to see or to send, so they go.
  store
    .getMeta("user")
    .then(function (previous) {
      if (previous && previous !== user) {
        return Promise.all([store.clear(), store.clearCaches()]);
      }
      return null;
    })
    .then(function () {
      return Promise.all([store.setMeta("user", user), store.setMeta("csrf", csrfToken())]);
    })
    .then(function () {
      keepPages();
      return render();
    })
    .then(function () {
      const wanted = window.location.hash.match(/^#offline-(.+)$/);
      return wanted ? store.get(wanted[1]) : null;
    })
    .then(function (entry) {
      if (entry && entry.user === user && formFor(entry)) {
        loadIntoForm(entry);
      }
      return sendNow();
    });

  // The server lists the pages; the worker keeps them, now and then rather than at every page.
  function keepPages() {
    return store.getMeta("keptAt").then(function (keptAt) {
      if (!navigator.onLine || (keptAt && Date.now() - keptAt < KEEP_EVERY_MS)) {
        return null;
      }
      return worker().then(function (registration) {
        if (registration && registration.active) {
          registration.active.postMessage({ type: "interlock-keep-pages" });
          return store.setMeta("keptAt", Date.now());
        }
        return null;
      });
    });
  }

  if ("serviceWorker" in navigator && body.dataset.serviceWorker) {
    navigator.serviceWorker.register(body.dataset.serviceWorker, { scope: "/" }).catch(function () {
      // Not over HTTPS, or storage turned off: the pages work as before, online only.
    });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "interlock-changed") {
        render();
      }
    });
  }
  window.addEventListener("online", sendNow);
  // Without a signal htmx's requests (the choices of another partnership) cannot succeed: the form
  // keeps what it has instead of reporting an error.
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (!navigator.onLine) {
      event.preventDefault();
    }
  });
})();
