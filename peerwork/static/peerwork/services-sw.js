// Peerwork's service worker for logging services offline. Served from /services/sw.js so its
// scope covers every shift's entry page. It keeps the entry pages and the static files they use;
// nothing else (staff pages, the API) is ever cached.
"use strict";

var CACHE = "peerwork-services-v1";
var ENTRY_PAGE = /\/services\/shifts\/\d+\/log\/$/;
var ASSETS = ["script", "style", "image", "manifest", "font"];

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("peerwork-services-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function networkFirst(request, key) {
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(key, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(key, { ignoreVary: true }).then(function (hit) {
      return hit || new Response("Offline and this page is not saved on the phone yet.", {
        status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) { return; }
  if (request.mode === "navigate") {
    if (ENTRY_PAGE.test(url.pathname)) {
      event.respondWith(networkFirst(request, url.pathname));
    }
    return;
  }
  if (ASSETS.indexOf(request.destination) !== -1) {
    event.respondWith(networkFirst(request, request));
  }
});
