// "Sort by distance" on the Find page: from the reader's own location, which the browser asks
// for only when "Use my location" is pressed, or from the middle of a neighbourhood the reader
// picks. The position stays in this page: it is never sent, put in the address or stored.
// A neighbourhood is public and goes in the address (?near=old-mill), so a link keeps it.
// The entries' places are the map's markers (assets/map.json under the language's root, as
// map.js finds them: public coordinates only), fetched the first time the list is sorted. Entries without coordinates come last, and say
// so. The words come from the fieldset's data-am-* attributes, in the page's language.

const EARTH_KM = 6371.0088; // the mean radius
const lang = document.documentElement.lang;
const kilometres = new Intl.NumberFormat(lang, {
  style: "unit", unit: "kilometer", maximumFractionDigits: 1, numberingSystem: "latn",
});
const metres = new Intl.NumberFormat(lang, {
  style: "unit", unit: "meter", maximumFractionDigits: 0, numberingSystem: "latn",
});

// The great-circle distance between two {lat, lon}, in kilometres (the haversine formula).
export function distance(from, to) {
  const rad = (degrees) => (degrees * Math.PI) / 180;
  const dLat = rad(to.lat - from.lat);
  const dLon = rad(to.lon - from.lon);
  const a = Math.sin(dLat / 2) ** 2
    + Math.cos(rad(from.lat)) * Math.cos(rad(to.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

// "1.2 km", "350 m": under a kilometre, to the nearest 10 metres.
export function spoken(km) {
  return km < 1 ? metres.format(Math.round(km * 100) * 10) : kilometres.format(km);
}

// The sorting controls in ``box``; ``changed`` is called when the place to sort from changes.
// Returns { origin, place (a neighbourhood's id, or ""), markers() (the JSON),
// sort(results, idOf), mark(article, id), shown() (once the list is shown, sorted or not) }.
export function nearby(box, changed) {
  const near = box.querySelector("[data-am-near]");
  if (!near) {
    return { origin: null, place: "", sort: async (results) => results, mark() {}, shown() {} };
  }
  const words = near.dataset;
  const button = near.querySelector("[data-am-near-me]");
  const from = near.querySelector("[data-am-near-from]");
  const status = near.querySelector("[data-am-near-status]");
  let fetched = null; // the markers' JSON, once asked for
  let places = null; // id -> {lat, lon}, once fetched
  const state = { origin: null, place: "", markers, sort, mark, shown };
  fromPlace(new URLSearchParams(location.search).get("near"));

  // The button stays enabled (and focused) while the browser asks; a second press then waits.
  let asking = false;
  button.addEventListener("click", () => {
    if (!navigator.geolocation) {
      say(words.amFailed);
      return;
    }
    if (asking) return;
    asking = true;
    say(words.amAsking);
    navigator.geolocation.getCurrentPosition((position) => {
      asking = false;
      from.value = "";
      state.place = "";
      use({ lat: position.coords.latitude, lon: position.coords.longitude }, words.amMine);
    }, (error) => {
      asking = false;
      say(error.code === error.PERMISSION_DENIED ? words.amDenied : words.amFailed);
    }, { enableHighAccuracy: false, timeout: 20000, maximumAge: 600000 });
  });
  from.addEventListener("change", () => {
    fromPlace(from.value);
    delete near.dataset.amSorted;
    changed();
  });

  // Sort from the middle of the neighbourhood ``id`` ("" or an unknown id: do not sort).
  function fromPlace(id) {
    const option = [...from.options].find((o) => o.value && o.value === id);
    from.value = option ? id : "";
    state.place = from.value;
    state.origin = option ? { lat: Number(option.dataset.lat), lon: Number(option.dataset.lon) }
      : null;
    say(option ? words.amPlace.replace("{place}", option.textContent.trim()) : "");
  }

  // "Clear the search" (a reset of the Find page's form) clears the place too, before the
  // page searches again.
  from.form?.addEventListener("reset", () => setTimeout(() => fromPlace("")));

  function say(text) {
    status.textContent = text;
  }

  function use(origin, wording) {
    state.origin = origin;
    say(wording);
    delete near.dataset.amSorted;
    changed();
  }

  // Once the list shows the latest search, sorted or not, data-am-sorted says which (the
  // tests wait for it).
  function shown() {
    near.dataset.amSorted = state.origin ? "yes" : "no";
  }

  function markers() {
    fetched ??= fetch(new URL(near.dataset.amRoot + "assets/map.json", document.baseURI))
      .then((response) => (response.ok ? response.json() : { assets: [] }))
      .catch(() => ({ assets: [] }));
    return fetched;
  }

  async function placesOf() {
    if (!places) {
      const found = await markers();
      places = new Map(found.assets.map((a) => [a.id, { lat: a.lat, lon: a.lon }]));
    }
    return places;
  }

  // ``results`` nearest first (those without a place last, in their order); ``idOf`` gives a
  // result's entry id.
  async function sort(results, idOf) {
    if (!state.origin) return results;
    const known = await placesOf();
    const ids = await Promise.all(results.map(idOf));
    const away = results.map((result, index) => {
      const place = known.get(ids[index]);
      return { result, index, km: place ? distance(state.origin, place) : Infinity };
    });
    away.sort((a, b) => a.km - b.km || a.index - b.index);
    return away.map((a) => a.result);
  }

  // Says on an entry (an article, or an item of a list) how far it is, or that it gives no
  // location.
  function mark(article, id) {
    if (!state.origin || !places) return;
    const place = places.get(id);
    const line = document.createElement(article.matches("li") ? "span" : "p");
    line.className = article.matches("li") ? "am-list__more am-entry__distance"
      : "am-entry__distance";
    line.dataset.amDistance = place ? String(distance(state.origin, place)) : "";
    line.textContent = place
      ? words.amAway.replace("{distance}", spoken(distance(state.origin, place)))
      : words.amNowhere;
    const name = article.querySelector(".am-entry__name");
    if (name) name.after(line);
    else article.append(" ", line); // an item of a list
  }

  return state;
}
