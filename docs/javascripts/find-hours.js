// The Find page's "Open now" and "Open on…" (a day, and a time if the reader gives one), for
// find.js. Pagefind knows each entry's hours as a filter (hours: the syntax as written;
// timetable: no, for an entry without): the syntaxes the directory uses are few, so each is
// read once here (hours.js), at the time asked in the site's time zone, and the search asks
// Pagefind for the entries whose hours are open then. Entries without hours are never left
// out as closed: they follow, under "Hours not listed: check their details".

import { loadLibrary, openAt, zoneTime } from "./hours.js";

// What the "When" boxes ask: null (any time), { now: true } or { day: 0-6, Monday first,
// at: "hh:mm" or "" }.
export function readWhen(form) {
  const open = form.elements.open?.value;
  if (open === "now") return { now: true };
  if (open === "on") return { day: Number(form.elements.day.value), at: form.elements.at.value };
  return null;
}

export function whenParams(when, params) {
  if (!when) return;
  params.set("open", when.now ? "now" : "on");
  if (!when.now) {
    params.set("day", String(when.day));
    if (when.at) params.set("at", when.at);
  }
}

export function restoreWhen(form, params) {
  if (!form.elements.open) return false;
  const open = params.get("open") || "";
  form.elements.open.value = ["now", "on"].includes(open) ? open : "";
  if (open === "on") {
    form.elements.day.value = params.get("day") || "0";
    form.elements.at.value = params.get("at") || "";
  }
  return Boolean(open);
}

// The time asked, in the zone: now, or the next such day (today if it is that day) at the
// time given, or at its start when the whole day is asked.
function askedTime(when, zone) {
  const now = zoneTime(new Date(), zone);
  if (when.now) return now;
  const ahead = (when.day - ((now.getDay() + 6) % 7) + 7) % 7;
  const [hour, minute] = (when.at || "00:00").split(":").map(Number);
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + ahead, hour, minute);
}

// The results for ``when``: those open then, then those whose hours are not listed (the
// first of them is ``results[open]``).
export async function searchWhen(pagefind, term, filters, when, zone) {
  const OpeningHours = await loadLibrary();
  const known = Object.keys((await pagefind.filters()).hours || {});
  const time = askedTime(when, zone);
  const wholeDay = !when.now && !when.at;
  const open = known.filter((hours) => openAt(OpeningHours, decodeURIComponent(hours), time,
    wholeDay));
  const opened = open.length
    ? await pagefind.search(term, { filters: { ...filters, hours: { any: open } } })
    : { results: [] };
  const unlisted = await pagefind.search(term, { filters: { ...filters, timetable: "no" } });
  return { results: [...opened.results, ...unlisted.results], open: opened.results.length };
}

// The heading before the first entry whose hours are not listed.
export function unlistedHeading(list, count, numbers) {
  const heading = document.createElement("h3");
  heading.className = "am-find__unlisted";
  heading.dataset.amUnlisted = String(count);
  heading.textContent = `${list.dataset.unlisted} (${numbers.format(count)})`;
  return heading;
}
