// The Map page's "Nearest first": once the reader picks a place to sort from (near.js: their
// location, asked for only when they press the button, or a neighbourhood), the nearest
// entries on the map, in order, each with its distance. Names, pages and coordinates come
// from the map's markers (assets/map.json); names go in as text, never as markup.

import { nearby } from "./near.js";

const MOST = 20; // entries the list shows: the nearest ones

const box = document.querySelector("[data-am-near-list]");
if (box) start(box);

function start(box) {
  const list = box.querySelector("[data-am-nearest]");
  const root = new URL(box.dataset.amRoot, document.baseURI);
  const near = nearby(box, show);
  box.hidden = false;
  show();

  async function show() {
    if (!near.origin) {
      list.hidden = true;
      list.replaceChildren();
      near.shown();
      return;
    }
    const origin = near.origin;
    const markers = await near.markers();
    const sorted = await near.sort(markers.assets, (asset) => asset.id);
    if (near.origin !== origin) return; // another place was picked meanwhile
    list.replaceChildren(...sorted.slice(0, MOST).map(item));
    list.hidden = false;
    near.shown();
  }

  function item(asset) {
    const li = document.createElement("li");
    li.dataset.amId = asset.id;
    const link = document.createElement("a");
    link.href = new URL(asset.url, root).href;
    link.textContent = asset.name.text;
    if (asset.name.lang) link.lang = asset.name.lang;
    if (asset.name.dir) link.dir = asset.name.dir;
    li.append(link);
    near.mark(li, asset.id);
    return li;
  }
}
