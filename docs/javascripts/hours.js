// "Open now" on every entry with hours in OpenStreetMap's syntax, and what the Find page's
// "Open now" and "Open on…" ask: worked out here, in the reader's browser, when the page is
// read, so a page built last month never says a stale "open". The hours are the site's time
// zone's (data-am-tz, the time_zone option), wherever the reader is: the time there is read
// with the browser's Intl, and the syntax with the opening_hours library (LGPL-3.0, from npm,
// copied into the site's vendor/ by the build), which needs SunCalc. Both load only on a page
// that has hours, once: a page without them costs nothing.
//
// An entry without hours in the syntax is never "closed": its page says "Hours: see details".

const VENDOR = new URL("../vendor/", import.meta.url);
const MINUTE = 60 * 1000;
let library = null;

export function loadLibrary() {
  library ??= (async () => {
    window.SunCalc = await import(new URL("suncalc/index.js", VENDOR).href);
    await new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL("opening_hours/build/opening_hours.js", VENDOR).href;
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });
    return window.opening_hours;
  })();
  return library;
}

// The time in ``zone`` at ``instant``, as a Date whose local fields are that zone's (the
// library reads local fields).
export function zoneTime(instant, zone) {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
    hour: "numeric", minute: "numeric", second: "numeric",
  });
  const part = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return new Date(+part.year, part.month - 1, +part.day, +part.hour, +part.minute, +part.second);
}

const parsed = new Map();

function hours(OpeningHours, expression) {
  if (!parsed.has(expression)) {
    let value = null;
    try {
      value = new OpeningHours(expression, null, { tag_key: "opening_hours" });
    } catch (error) {
      console.error(error); // checked by `assetmap check`: a newer syntax than the library's
    }
    parsed.set(expression, value);
  }
  return parsed.get(expression);
}

// Whether ``expression`` is open at ``time`` (a zoneTime), or on its day when ``wholeDay``:
// true, false, or null when the library cannot read it. Hours with a comment ("call first")
// are open, as opening-hours-py, which checks them, says: the comment is in the free text.
export function openAt(OpeningHours, expression, time, wholeDay = false) {
  const oh = hours(OpeningHours, expression);
  if (!oh) return null;
  if (!wholeDay) return oh.getState(time) || oh.getUnknown(time);
  const start = new Date(time.getFullYear(), time.getMonth(), time.getDate());
  const end = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1);
  return oh.getOpenIntervals(start, end).length > 0;
}

function statusText(OpeningHours, element, now) {
  const time = zoneTime(now, element.dataset.amTz);
  const oh = hours(OpeningHours, element.dataset.amHours);
  if (!oh) return "";
  if (oh.getState(time) || oh.getUnknown(time)) return element.dataset.open;
  const next = oh.getNextChange(time);
  if (!next) return element.dataset.closed;
  const lang = document.documentElement.lang;
  const when = new Intl.DateTimeFormat(lang, {
    weekday: "long", hour: "numeric", minute: "2-digit", numberingSystem: "latn",
  }).format(next); // ``next`` has the zone's local fields: no time zone to convert
  return element.dataset.opens.replace("{when}", when);
}

// Fills in the status of each entry under ``root``, then makes it a polite live region, and
// writes it again only when it changes: a screen reader hears a change, not the page's
// hundred entries as it loads, nor every minute's check.
export async function showStatus(root = document) {
  const elements = [...root.querySelectorAll("[data-am-hours]")];
  if (!elements.length) return;
  const OpeningHours = await loadLibrary();
  const now = new Date();
  for (const element of elements) {
    const text = statusText(OpeningHours, element, now);
    if (element.textContent !== text) element.textContent = text;
    element.dataset.amState = text === element.dataset.open ? "open" : "closed";
    element.setAttribute("aria-live", "polite"); // from now on: its changes are heard
  }
}

if (document.querySelector("[data-am-hours]")) {
  showStatus();
  setInterval(showStatus, MINUTE);
}
