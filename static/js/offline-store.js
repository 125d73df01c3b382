// The entries a field officer logs without a signal, kept on the phone in IndexedDB until the
// server has them. Loaded by the pages (offline.js) and by the service worker (Background Sync),
// so both send the same way; each entry's key makes a second sending answer the first one's result.
(function (scope) {
  "use strict";

  const NAME = "interlock-offline";
  const ENTRIES = "entries";
  const META = "meta";
  let opening = null;

  function open() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        const request = scope.indexedDB.open(NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(ENTRIES, { keyPath: "key" });
          request.result.createObjectStore(META);
        };
        request.onsuccess = function () {
          const db = request.result;
          // Another tab deleting or upgrading the database: let it, and open again next time.
          db.onversionchange = function () {
            db.close();
            opening = null;
          };
          resolve(db);
        };
        request.onerror = function () {
          opening = null;
          reject(request.error);
        };
      });
    }
    return opening;
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        const transaction = db.transaction(store, mode);
        const request = work(transaction.objectStore(store));
        transaction.oncomplete = function () {
          resolve(request ? request.result : undefined);
        };
        transaction.onerror = transaction.onabort = function () {
          reject(transaction.error);
        };
      });
    });
  }

  const store = {
    all: function () {
      return run(ENTRIES, "readonly", function (s) {
        return s.getAll();
      }).then(function (entries) {
        return entries.sort(function (a, b) {
          return a.createdAt < b.createdAt ? -1 : 1;
        });
      });
    },
    get: function (key) {
      return run(ENTRIES, "readonly", function (s) {
        return s.get(key);
      });
    },
    put: function (entry) {
      return run(ENTRIES, "readwrite", function (s) {
        return s.put(entry);
      });
    },
    remove: function (key) {
      return run(ENTRIES, "readwrite", function (s) {
        return s.delete(key);
      });
    },
    getMeta: function (name) {
      return run(META, "readonly", function (s) {
        return s.get(name);
      });
    },
    setMeta: function (name, value) {
      return run(META, "readwrite", function (s) {
        return s.put(value, name);
      });
    },
    // Sign-out: nothing of this person's stays on a shared phone.
    clear: function () {
      return run(ENTRIES, "readwrite", function (s) {
        return s.clear();
      }).then(function () {
        return run(META, "readwrite", function (s) {
          return s.clear();
        });
      });
    },
    clearCaches: function () {
      return scope.caches.keys().then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf("interlock-") === 0;
            })
            .map(function (name) {
              return scope.caches.delete(name);
            }),
        );
      });
    },
  };

  function body(entry) {
    const form = new FormData();
    Object.keys(entry.fields).forEach(function (name) {
      form.append(name, entry.fields[name]);
    });
    (entry.files || []).forEach(function (file) {
      form.append(file.field, file.blob, file.name);
    });
    form.append("key", entry.key);
    return form;
  }

  // Send one entry. The answer decides its state: sent, refused (kept with the reason), or still
  // waiting when the server could not be reached or the person must sign in again first.
  function sendOne(entry, csrf) {
    return scope
      .fetch(entry.url, {
        method: "POST",
        body: body(entry),
        credentials: "same-origin",
        redirect: "manual",
        headers: { Accept: "application/json", "X-CSRFToken": csrf || "" },
      })
      .then(function (response) {
        const type = response.headers.get("Content-Type") || "";
        if (response.type === "opaqueredirect" || type.indexOf("application/json") === -1) {
          return "waiting"; // signed out, or a page in between: the next open tries again
        }
        return response.json().then(function (answer) {
          if (response.ok && answer.state === "sent") {
            entry.state = "sent";
            entry.sentAt = new Date().toISOString();
            entry.reason = "";
          } else if (answer.state === "refused") {
            entry.state = "refused";
            entry.reason = answer.reason;
          } else {
            return "waiting";
          }
          return store.put(entry).then(function () {
            return entry.state;
          });
        });
      });
  }

  // Send every entry waiting, one at a time, in the order they were logged. Stops at the first
  // network failure (still offline). Resolves to the number of entries whose state changed.
  let sending = null;
  store.send = function () {
    if (sending) {
      return sending;
    }
    sending = Promise.all([store.all(), store.getMeta("csrf"), store.getMeta("user")])
      .then(function (found) {
        // Only the entries of the person signed in: they go with that person's session.
        const waiting = found[0].filter(function (entry) {
          return entry.state === "waiting" && entry.user === found[2];
        });
        let changed = 0;
        return waiting
          .reduce(function (previous, entry) {
            return previous.then(function (go) {
              if (!go) {
                return false;
              }
              return sendOne(entry, found[1]).then(
                function (state) {
                  if (state !== "waiting") {
                    changed += 1;
                  }
                  return true;
                },
                function () {
                  return false;
                },
              );
            });
          }, Promise.resolve(true))
          .then(function () {
            return changed;
          });
      })
      .finally(function () {
        sending = null;
      });
    return sending;
  };

  scope.InterlockOffline = store;
})(self);
