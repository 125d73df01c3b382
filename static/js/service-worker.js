// Interlock's service worker, served from /sw.js so that its scope is the whole site.
// It keeps the field officer's own pages (listed by the server for them) and the files they load,
// answers from them when there is no signal, and sends the entries waiting on the phone when the
// connection returns (Background Sync). Pages are kept only after sign-in, and sign-out clears them.
"use strict";

// Addresses written out here (a static file has no {% url %}); tests/results/test_offline.py checks them.
importScripts("/static/js/offline-store.js");

const PAGES = "interlock-pages";
const ASSETS = "interlock-assets";
const LIST = "/partnerships/progress/offline/";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function notify() {
  return self.clients.matchAll({ type: "window" }).then(function (clients) {
    clients.forEach(function (client) {
      client.postMessage({ type: "interlock-changed" });
    });
  });
}

// Keep a fresh copy of each page the server lists for this person; a page that answers anything
// but itself (a sign-in page, an error) is not kept.
function keepPages() {
  return fetch(LIST, { credentials: "same-origin", redirect: "manual" }).then(function (response) {
    if (!response.ok || response.type === "opaqueredirect") {
      return null;
    }
    return response
      .clone()
      .json()
      .then(function (list) {
        return Promise.all([caches.open(PAGES), caches.open(ASSETS)]).then(function (opened) {
          const pages = opened[0];
          const assets = opened[1];
          const keepAll = list.pages.map(function (url) {
            const copy = { credentials: "same-origin", redirect: "manual", headers: { "X-Interlock-Offline-Copy": "1" } };
            return fetch(url, copy)
              .then(function (page) {
                if (page.ok && page.type !== "opaqueredirect") {
                  return pages.put(url, page);
                }
                return null;
              })
              .catch(function () {
                return null;
              });
          });
          keepAll.push(pages.put(LIST, response));
          keepAll.push(assets.addAll(list.assets).catch(function () {}));
          return Promise.all(keepAll);
        });
      });
  });
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return "&#" + c.charCodeAt(0) + ";";
  });
}

function offlinePage() {
  return caches.match(LIST).then(function (response) {
    const fallback = function (text, home) {
      const html =
        '<!DOCTYPE html><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
        "<title>Interlock</title><p>" +
        escape(text) +
        '</p><p><a href="' +
        escape(home) +
        '">Interlock</a></p>';
      return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
    };
    if (!response) {
      return fallback("Offline.", "/");
    }
    return response.json().then(function (list) {
      return fallback(list.offline, list.offline_home);
    });
  });
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    // Static files never change under one name in production (hashed names): the kept copy will do.
    event.respondWith(
      caches.match(request).then(function (kept) {
        return (
          kept ||
          fetch(request).then(function (response) {
            if (response.ok) {
              const copy = response.clone();
              caches.open(ASSETS).then(function (assets) {
                assets.put(request, copy);
              });
            }
            return response;
          })
        );
      }),
    );
    return;
  }
  if (request.mode === "navigate") {
    // The network first, so that online people always see today's page; the kept copy without a signal.
    event.respondWith(
      fetch(request).catch(function () {
        return caches.match(request, { ignoreSearch: true }).then(function (kept) {
          return kept || offlinePage();
        });
      }),
    );
  }
});

self.addEventListener("message", function (event) {
  const message = event.data || {};
  if (message.type === "interlock-keep-pages") {
    event.waitUntil(keepPages().catch(function () {}));
  } else if (message.type === "interlock-send") {
    event.waitUntil(self.InterlockOffline.send().then(notify));
  } else if (message.type === "interlock-sign-out") {
    event.waitUntil(Promise.all([self.InterlockOffline.clear(), self.InterlockOffline.clearCaches()]));
  }
});

// Background Sync: the browser wakes the worker when the connection returns, page open or not.
self.addEventListener("sync", function (event) {
  if (event.tag === "interlock-send") {
    event.waitUntil(
      self.InterlockOffline.send().then(function (changed) {
        return notify().then(function () {
          return changed;
        });
      }),
    );
  }
});
