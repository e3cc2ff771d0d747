// assetmap: the reader's list ("My list"). A link worker and a client choose a few entries
// together; the list page (my-list-page.js) shows them, to share or print.
//
// Every entry a page shows (data-am-id: an article, or an item of the map's list) gets an
// "Add to my list" button, a toggle: pressed when the entry is in the list. The header's link
// to the list page shows how many entries it holds, and a polite live region beside it says
// what a press did ("Added: Chair yoga. 3 in your list"). Entries added to the page later
// (the Find page's results) get their button too. Without JavaScript there is no button and
// the link stays hidden.
//
// The list is the entries' ids in the order chosen, kept in this browser's localStorage
// (one list per site) and in the list page's address (list/?ids=a,b): nothing is ever sent
// anywhere. The words come from the header's link (_my_list_link.html.j2), in the page's
// language; text from the page goes in as text (textContent), never as markup.

const site = new URL("../", import.meta.url); // javascripts/my-list.js -> the site's root
const KEY = `assetmap-list:${site.pathname}`;
export const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/; // an entry's id, as the inventory allows
export const MOST = 100; // entries a list holds at most: an address stays short enough

const link = document.querySelector("[data-am-list-link]");
const said = document.querySelector("[data-am-list-said]");
export const words = link ? link.dataset : {};
const lang = document.documentElement.lang;
export const numbers = new Intl.NumberFormat(lang, { numberingSystem: "latn" });
const plurals = new Intl.PluralRules(lang);
const listeners = new Set();
let memory = []; // the list when this browser keeps no storage (blocked): this page only

function storage() {
  try {
    const store = window.localStorage;
    store.getItem(KEY);
    return store;
  } catch {
    return null;
  }
}

// "a,b,,a" -> ["a", "b"]: distinct, in order, at most MOST.
export function parse(text) {
  const ids = [];
  for (const id of (text || "").split(",").map((part) => part.trim())) {
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids.slice(0, MOST);
}

export function read() {
  const store = storage();
  return store ? parse(store.getItem(KEY)) : [...memory];
}

export function save(ids) {
  memory = [...ids];
  try {
    storage()?.setItem(KEY, ids.join(","));
  } catch {
    // storage full: the list lives on in this page and its address
  }
  for (const listener of listeners) listener([...ids]);
}

export function onChange(listener) {
  listeners.add(listener);
}

// The wording for ``n`` among data-{key}-one, data-{key}-other...: "3 in your list".
export function counted(data, key, n) {
  const wording = data[key + capital(plurals.select(n))] ?? data[key + "Other"];
  return wording.replace("{n}", numbers.format(n));
}

function capital(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

// An entry's name as text, marked with its language when it is not the page's.
export function nameOf(element) {
  const name = document.createElement("span");
  name.textContent = element.textContent.trim();
  const foreign = element.querySelector("[lang]");
  if (foreign) {
    name.lang = foreign.lang;
    if (foreign.dir) name.dir = foreign.dir;
  }
  return name;
}

// Says on the live region "Added: {name}." with the name filled in, then how many entries
// the list holds.
export function say(pattern, name, count) {
  if (!said) return;
  const parts = pattern.split("{name}");
  const message = [document.createTextNode(parts[0])];
  if (parts.length > 1) message.push(name, document.createTextNode(parts.slice(1).join("")));
  if (count !== undefined) {
    message.push(document.createTextNode(` ${counted(words, "count", count)}`));
  }
  said.replaceChildren(...message);
}

export function sayText(text) {
  if (said) said.textContent = text;
}

// --- the buttons ----------------------------------------------------------------------

function addButton(holder) {
  const id = holder.dataset.amId;
  if (!id || !words.add || holder.closest("[data-am-my-list]") ||
      holder.querySelector(":scope > .am-add")) {
    return;
  }
  const article = holder.matches("article");
  const name = holder.querySelector(article ? ".am-entry__name" : "a");
  if (!name) return;
  if (!name.id) name.id = `am-name--${id}`;
  const button = document.createElement("button");
  button.type = "button";
  button.className = article ? "md-button am-add" : "am-add am-add--small";
  button.dataset.amAdd = id;
  button.textContent = words.add;
  button.setAttribute("aria-describedby", name.id);
  button.setAttribute("aria-pressed", String(read().includes(id)));
  button.addEventListener("click", () => {
    const ids = read();
    const had = ids.includes(id);
    if (!had && ids.length >= MOST) return;
    const next = had ? ids.filter((other) => other !== id) : [...ids, id];
    save(next);
    say(had ? words.removed : words.added, nameOf(name), next.length);
  });
  if (article) {
    name.after(button);
  } else {
    holder.append(" ", button);
  }
}

function addButtons(root) {
  if (root.matches?.("[data-am-id]")) addButton(root);
  root.querySelectorAll?.("[data-am-id]").forEach(addButton);
}

function show(ids) {
  for (const button of document.querySelectorAll("[data-am-add]")) {
    button.setAttribute("aria-pressed", String(ids.includes(button.dataset.amAdd)));
  }
  const count = link?.querySelector("[data-am-list-count]");
  if (count) count.textContent = numbers.format(ids.length);
}

if (link) {
  link.hidden = false;
  onChange(show);
  show(read());
  const content = document.querySelector(".md-content") || document.body;
  addButtons(content);
  new MutationObserver((changes) => {
    for (const change of changes) change.addedNodes.forEach(addButtons);
  }).observe(content, { childList: true, subtree: true });
  // The list changed in another tab or window of this site
  window.addEventListener("storage", (event) => {
    if (event.key === KEY) show(read());
  });
}
