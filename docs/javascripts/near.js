// "Sort by distance" on the Find page: from the reader's own location, which the browser asks
// for only when "Use my location" is pressed, or from the middle of a neighbourhood the reader
// picks. The position stays in this page: it is never sent, put in the address or stored.
// The entries' places are the map's markers (assets/map.json, public coordinates only),
// fetched the first time the list is sorted. Entries without coordinates come last, and say
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
// Returns { origin, sort(results, idOf), mark(article, id) }.
export function nearby(box, changed) {
  const near = box.querySelector("[data-am-near]");
  if (!near) return { origin: null, sort: async (results) => results, mark() {} };
  const words = near.dataset;
  const button = near.querySelector("[data-am-near-me]");
  const from = near.querySelector("[data-am-near-from]");
  const status = near.querySelector("[data-am-near-status]");
  let places = null; // id -> {lat, lon}, once fetched
  const state = { origin: null, sort, mark };

  button.addEventListener("click", () => {
    if (!navigator.geolocation) {
      say(words.amFailed);
      return;
    }
    say(words.amAsking);
    button.disabled = true;
    navigator.geolocation.getCurrentPosition((position) => {
      button.disabled = false;
      from.value = "";
      use({ lat: position.coords.latitude, lon: position.coords.longitude }, words.amMine);
    }, (error) => {
      button.disabled = false;
      say(error.code === error.PERMISSION_DENIED ? words.amDenied : words.amFailed);
    }, { enableHighAccuracy: false, timeout: 20000, maximumAge: 600000 });
  });
  from.addEventListener("change", () => {
    const option = from.selectedOptions[0];
    if (!from.value) {
      use(null, "");
      return;
    }
    use({ lat: Number(option.dataset.lat), lon: Number(option.dataset.lon) },
      words.amPlace.replace("{place}", option.textContent.trim()));
  });

  function say(text) {
    status.textContent = text;
  }

  // Once the list is sorted (or unsorted) for ``origin``, data-am-sorted says so.
  async function use(origin, wording) {
    state.origin = origin;
    say(wording);
    delete near.dataset.amSorted;
    await changed();
    if (state.origin === origin) near.dataset.amSorted = origin ? "yes" : "no";
  }

  async function placesOf() {
    if (!places) {
      const response = await fetch(new URL(near.dataset.amPlaces, location.href));
      const markers = response.ok ? await response.json() : { assets: [] };
      places = new Map(markers.assets.map((a) => [a.id, { lat: a.lat, lon: a.lon }]));
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

  // Says on an entry how far it is, or that it gives no location.
  function mark(article, id) {
    if (!state.origin || !places) return;
    const place = places.get(id);
    const line = document.createElement("p");
    line.className = "am-entry__distance";
    line.dataset.amDistance = place ? String(distance(state.origin, place)) : "";
    line.textContent = place
      ? words.amAway.replace("{distance}", spoken(distance(state.origin, place)))
      : words.amNowhere;
    article.querySelector(".am-entry__name")?.after(line);
  }

  return state;
}
