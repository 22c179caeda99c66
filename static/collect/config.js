/* What the interview app, its service worker and "Get ready" share: cache names and the
   app shell. Loaded by pages with <script> and by the service worker with importScripts.
   Change VERSION whenever a shell file changes, so tablets fetch the new app. */
(function (root) {
  "use strict";
  var VERSION = "v6";
  root.PS_CONFIG = {
    version: VERSION,
    // The app itself: replaced whole when VERSION changes.
    shellCache: "peersurvey-shell-" + VERSION,
    // Questionnaires' pictures, recordings and bundles: kept across app versions.
    dataCache: "peersurvey-data-v1",
    scope: "/tablet/interview/",
    worker: "/tablet/interview/sw.js",
    shell: [
      "/tablet/interview/",
      "/tablet/interview/messages.json",
      "/static/collect/config.js",
      "/static/collect/db.js",
      "/static/collect/sync.js",
      "/static/collect/outbox.js",
      "/static/collect/app.js",
      "/static/collect/speaker.svg",
      "/static/easyread/easyread.css",
      "/static/easyread/interview.css",
      "/static/easyread/avatars/star.svg",
      "/static/easyread/pictures/1F4AC.svg",
      "/static/easyread/pictures/2705.svg",
      "/static/easyread/pictures/274C.svg"
    ]
  };
})(self);
