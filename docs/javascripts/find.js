// The Find page: search and filters over the asset pages of the page's language, with
// Pagefind's index (site/pagefind/, written by `assetmap build`). Pagefind picks the index
// of <html lang>, so a French page searches French pages only.
//
// The search lives in the address (?q=walk&cost=free&cost=low-cost): a link restores it.
// Within a list of boxes, ticking more shows more (any of them); accessibility features
// add up (all of them); lists narrow each other. Each box shows how many entries ticking it
// gives. Results are the entries as every other page shows them: the small files
// entries/<id>.html the generator writes beside the pages. An age typed in "Age" matches the
// entries whose ages include it and those that name none (near.js sorts by distance).

import { nearby } from "./near.js";

import { readWhen, restoreWhen, searchWhen, unlistedHeading, whenParams } from "./find-hours.js";
import { showStatus } from "./hours.js";

const PAGE_SIZE = 10;
const TYPING_PAUSE = 250; // ms after the last key before searching
const ASSET_URL = /\/assets\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/;

const box = document.querySelector("[data-am-find]");
if (box) {
  start(box);
}

async function start(box) {
  const form = box.querySelector("form");
  const input = form.elements.q;
  const status = box.querySelector("[data-am-status]");
  const list = box.querySelector("[data-am-list]");
  const more = box.querySelector("[data-am-more]");
  const groups = [...form.querySelectorAll("[data-am-filter]")];
  const lang = document.documentElement.lang;
  const numbers = new Intl.NumberFormat(lang, { numberingSystem: "latn" });
  const plurals = new Intl.PluralRules(lang);
  const entries = new URL(box.dataset.amRoot + "entries/", location.href);
  const zone = form.querySelector("[data-am-when]")?.dataset.amTz;

  box.hidden = false;
  readAddress();
  const near = nearby(box, () => run());

  const narrow = box.querySelector("[data-am-narrow]");
  const prompt = status.textContent;

  // The site may live under a sub-path (https://example.github.io/assetmap/): the bundle and
  // the pages' addresses are found from this script's place, <site>/javascripts/find.js.
  const site = new URL("../", import.meta.url);
  let pagefind;
  try {
    pagefind = await import(new URL("pagefind/pagefind.js", site).href);
    await pagefind.options({ baseUrl: site.pathname });
    await pagefind.init();
  } catch (error) {
    status.textContent = status.dataset.error;
    console.error(error);
    return;
  }

  // Searches overlap: a reader types on, or ticks a box, before the last search has ended.
  // Each search is numbered; one that ends after a newer one started is dropped. Once a
  // search's results are in, they are the listing: the list shows them, page by page, and
  // an entry of an earlier listing that arrives late is dropped, never added to this list.
  let latest = 0;
  let listing = null; // { results, shown: how many were asked for, pages being added }
  let timer;

  input.addEventListener("input", () => {
    // Loading the index for the words being typed saves time, but the first letters of a
    // word match many words, in many chunks of the index: wait for three.
    const term = input.value.trim();
    if (/\p{L}{3}$/u.test(term)) pagefind.preload(term);
    clearTimeout(timer);
    timer = setTimeout(run, TYPING_PAUSE);
  });
  form.addEventListener("change", (event) => {
    if (["checkbox", "radio", "select-one", "time", "number"].includes(event.target.type)) run();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  form.addEventListener("reset", () => setTimeout(run)); // once the form is cleared
  narrow.addEventListener("toggle", () => count(latest));
  more.addEventListener("click", async () => {
    const first = await showMore(listing);
    first?.querySelector("a")?.focus();
  });
  await run();

  function readAddress() {
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    for (const group of groups) {
      const ticked = new Set(params.getAll(group.dataset.amFilter));
      for (const checkbox of group.querySelectorAll("input[type=checkbox]")) {
        checkbox.checked = ticked.has(checkbox.value);
      }
      const age = group.querySelector("input[type=number]");
      if (age) age.value = params.get(group.dataset.amFilter) || "";
    }
    restoreWhen(form, params);
    if (Object.keys(ticked()).length) box.querySelector("[data-am-narrow]").open = true;
  }

  function ticked() {
    const chosen = {};
    for (const group of groups) {
      const values = [...group.querySelectorAll("input:checked")].map((c) => c.value);
      const age = group.querySelector("input[type=number]");
      if (age?.value && age.checkValidity()) values.push(String(Number(age.value)));
      if (values.length) chosen[group.dataset.amFilter] = values;
    }
    return chosen;
  }

  function asFilters(chosen, leaveOut) {
    const filters = {};
    for (const [key, values] of Object.entries(chosen)) {
      if (key === leaveOut) continue;
      const group = groups.find((g) => g.dataset.amFilter === key);
      const match = group.dataset.amMatch;
      // an age matches the entries filed under it, and those for every age ("any")
      filters[key] = match === "all" ? { all: values }
        : { any: match === "age" ? [band(group, values[0]), "any"] : values };
    }
    return filters;
  }

  // The search as the address says it: "q=walk&cost=free&cost=low-cost".
  function address(term, chosen) {
    const params = new URLSearchParams();
    if (term) params.set("q", term);
    for (const [key, values] of Object.entries(chosen)) {
      for (const value of values) params.append(key, value);
    }
    whenParams(readWhen(form), params);
    if (near.place) params.set("near", near.place);
    return params.toString();
  }

  function writeAddress(term, chosen) {
    const query = address(term, chosen);
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
    return query;
  }

  async function run() {
    const search = ++latest;
    delete status.dataset.amQuery; // until this search's results are all shown
    const term = input.value.trim();
    const chosen = ticked();
    const query = writeAddress(term, chosen);
    let found = { results: [] };
    const when = readWhen(form);
    if (when) {
      found = await searchWhen(pagefind, term || null, asFilters(chosen), when, zone);
      if (search !== latest) return;
    } else if (term || Object.keys(chosen).length || near.origin) {
      found = await pagefind.search(term || null, { filters: asFilters(chosen) });
      if (search !== latest) return;
    }
    // Nearest first: those open, then those whose hours are not listed, each nearest first
    const open = found.open ?? found.results.length;
    const byDistance = async (results) => near.sort(results, async (r) => idOf(await r.data()));
    const results = [...await byDistance(found.results.slice(0, open)),
      ...await byDistance(found.results.slice(open))];
    if (search !== latest) return;
    const unlisted = results[open];
    if (unlisted) unlisted.amBefore = results.length - open;
    listing = { results, shown: 0, pages: 0, adding: Promise.resolve() };
    list.replaceChildren();
    list.dataset.amQuery = query;
    delete list.dataset.amShown;
    say(query || near.origin ? found.results.length : null);
    await showMore(listing);
    if (search !== latest) return;
    // The results shown are this search's, all there (the tests wait for it)
    status.dataset.amQuery = query;
    near.shown();
    await count(search);
  }

  // Shows the next page of ``listed``'s results, each entry as soon as it is there and in
  // order, after the pages asked for before it; returns the page's first entry. While pages
  // are being added the list is aria-busy; once all are in, its data-am-shown says how many
  // results it shows (the tests wait for it). Nothing is added once another listing has
  // replaced ``listed``.
  async function showMore(listed) {
    const page = listed.results.slice(listed.shown, listed.shown + PAGE_SIZE).map(entry);
    listed.shown += page.length;
    more.hidden = listed.shown >= listed.results.length;
    listed.pages += 1;
    list.setAttribute("aria-busy", "true");
    listed.adding = listed.adding.then(() => add(listed, page));
    const first = await listed.adding;
    listed.pages -= 1;
    if (listed === listing && listed.pages === 0) {
      list.removeAttribute("aria-busy");
      list.dataset.amShown = String(listed.shown);
    }
    return first;
  }

  async function add(listed, page) {
    let first = null;
    for (const pending of page) {
      const article = await pending.catch(() => null); // an entry that cannot load is left out
      if (listed !== listing) return null;
      if (article) {
        if (article.amBefore) list.append(unlistedHeading(list, article.amBefore, numbers));
        showStatus(article);
        list.append(article);
        first ??= article;
      }
    }
    return first;
  }

  async function entry(result) {
    const id = idOf(await result.data());
    if (!id) return null;
    const response = await fetch(new URL(`${id}.html`, entries));
    if (!response.ok) return null;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const article = page.querySelector("article");
    if (article) {
      article.amBefore = result.amBefore;
      near.mark(article, id);
    }
    return article ? document.adoptNode(article) : null;
  }

  function idOf(data) {
    return ASSET_URL.exec(new URL(data.url, location.href).pathname)?.[1];
  }

  function say(total) {
    if (total === null) {
      status.textContent = prompt;
      return;
    }
    if (total === 0) {
      status.textContent = status.dataset.none;
      return;
    }
    const wording = status.dataset[`found${capital(plurals.select(total))}`]
      ?? status.dataset.foundOther;
    status.textContent = wording.replace("{n}", numbers.format(total));
  }

  // Each box's count: the entries if it were ticked too. In a list of alternatives, that is
  // counted without the list's own ticks; features add up, so theirs count with them. The
  // counts need every filter's data, loaded only once the boxes are shown.
  async function count(search) {
    if (!narrow.open) return;
    const term = input.value.trim();
    const chosen = ticked();
    const query = address(term, chosen);
    let counts = await pagefind.filters();
    if (term || Object.keys(chosen).length) {
      const found = await pagefind.search(term || null, { filters: asFilters(chosen) });
      counts = { ...found.filters };
      for (const key of Object.keys(chosen)) {
        const group = groups.find((g) => g.dataset.amFilter === key);
        if (group.dataset.amMatch === "all") continue;
        const filters = asFilters(chosen, key);
        const wider = await pagefind.search(term || null, { filters });
        counts[key] = wider.filters[key];
      }
    }
    if (search !== latest) return;
    for (const group of groups) {
      const values = counts[group.dataset.amFilter] || {};
      for (const checkbox of group.querySelectorAll("input[type=checkbox]")) {
        const label = form.querySelector(`label[for="${checkbox.id}"] [data-am-count]`);
        label.textContent = `(${numbers.format(values[checkbox.value] || 0)})`;
      }
    }
    narrow.dataset.amCounted = query; // the search the counts are for (the tests wait for it)
  }
}

// The band of ages (data-am-bands: "0 12 26 55") that holds ``age``: its first age.
function band(group, age) {
  const starts = group.dataset.amBands.split(" ").map(Number);
  return String(starts.filter((start) => start <= Number(age)).pop() ?? 0);
}

function capital(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
