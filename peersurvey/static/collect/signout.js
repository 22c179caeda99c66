/* "Sign out" on the home screen, so the next person signs in with their own PIN. The tablet
   forgets who is interviewing at once, with or without a network. The sign-in on the server
   ends now if the tablet is online, else the next time the app opens online. Interviews not
   finished or waiting to send stay on the tablet: they belong to the project, not the person,
   and the next person's app sends them. */
import {DB} from "./db.js";
import {h, heading} from "./page.js";
import {SCREENS, go} from "./screens.js";
import {S} from "./state.js";
import {t} from "./words.js";

export async function signOut() {
  var device = Object.assign({}, S.device, {interviewer: null, signout_pending: true});
  await DB.put("config", device);
  S.device = device;
  go({name: "signed_out"});
  await endOnServer();
}

// Ends the sign-in on the server (collect/views.py signout). Its token is fetched fresh: the
// app's page is kept for offline use and is the same for everyone, so it cannot carry one.
export async function endOnServer() {
  if (!S.device || !S.device.signout_pending || navigator.onLine === false) return;
  try {
    var reply = await fetch("/tablet/interview/signout-token", {cache: "no-store", credentials: "same-origin"});
    var token = (await reply.json()).token;
    var answer = await fetch("/tablet/interview/signout", {method: "POST", credentials: "same-origin",
                                                           headers: {"X-CSRFToken": token}});
    if (!answer.ok || !(await answer.json()).signed_out) return;
  } catch (error) {
    return;                           // still waiting: tried again when the app next opens
  }
  // Someone may have signed in and got ready meanwhile: only clear a sign-out still waiting.
  var now = await DB.get("config", "device");
  if (now && now.signout_pending && !now.interviewer) {
    now.signout_pending = false;
    await DB.put("config", now);
  }
}

SCREENS.signed_out = function () {
  return [heading(t("signed_out_title")),
          h("p", {class: "lead-text", text: t("signed_out_text")}),
          h("p", {}, h("a", {class: "button", id: "next-person", href: "/tablet/", text: t("signed_out_next")}))];
};

export function signOutRow() {
  return h("div", {class: "home-actions"},
    h("a", {class: "button button--secondary", href: "/tablet/home", id: "tablet-home", text: t("tablet_home")}),
    h("button", {type: "button", class: "button button--secondary", id: "sign-out", text: t("sign_out"),
                 onclick: function () { signOut(); }}));
}

// Kept here so screens.js needs no change: home draws this screen when nobody is signed in.
export function nobodySignedIn() {
  return S.device && !S.device.interviewer;
}
