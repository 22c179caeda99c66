/* The interview app's service worker (scope /tablet/interview/).
   Install: keep the app shell. Activate: delete caches of older app versions.
   Fetch: whatever is kept (shell, static files, pictures, recordings, bundles) comes from
   the tablet first; sending interviews (/api/v1/sync) and recordings (/api/v1/recordings/) and everything else uses the network.
   The config is made by the server from the app's files (collect/views.py): when any of them
   changes, so do the config's bytes, so the browser installs this worker again, which keeps
   the new shell under a new name and deletes the old one. A classic worker, so it can
   import the config the pages also run. */
/* global PS_CONFIG */
importScripts("/tablet/interview/config.js");

var CONFIG = self.PS_CONFIG;
var KEEP = [CONFIG.shellCache, CONFIG.dataCache];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CONFIG.shellCache)
      .then(function (cache) {
        // Fresh from the server, never from the browser's HTTP cache.
        return cache.addAll(CONFIG.shell.map(function (url) { return new Request(url, {cache: "reload"}); }));
      })
      .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("peersurvey-") === 0 && KEEP.indexOf(name) === -1;
        }).map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/api/v1/sync") === 0) return;   // always the network
  if (url.pathname.indexOf("/api/v1/recordings/") === 0) return;   // how much has arrived: the network
  if (request.mode === "navigate" && url.pathname === CONFIG.scope) {
    // The app itself, with or without a query string: the kept shell, even offline.
    event.respondWith(caches.match(CONFIG.scope, {ignoreSearch: true, ignoreVary: true})
      .then(function (hit) { return hit || fetch(request); }));
    return;
  }
  event.respondWith(caches.match(request, {ignoreVary: true})
    .then(function (hit) { return hit || fetch(request); }));
});
