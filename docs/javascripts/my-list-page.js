// assetmap: the list page (docs/list.md; its body: _my_list.html.j2). It shows the entries
// of the reader's list (my-list.js) in full, in the page's language and in the order they
// were chosen, each with a button to remove it; and shares the list: its address to copy, by
// email, by text message, through the device's share sheet, as a QR code, and on paper.
//
// The list comes from the page's address (list/?ids=a,b: a link opened on another device)
// or, when the address has none, from this browser's storage; the address then says it too.
// Each entry is the small file entries/<id>.html of the page's language, the site's own
// escaped HTML, fetched from this site as the Find page does. An id with no such file (an
// entry taken off the map, a mistyped link) is counted and said, then left out of the list.
// The QR code is drawn here by qrcode-generator (from npm; the build copies it into vendor/).

import qrcode from "../vendor/qrcode-generator/qrcode.mjs";
import { counted, ID, nameOf, parse, read, save, say, sayText, words } from "./my-list.js";

const SVG = "http://www.w3.org/2000/svg";

const box = document.querySelector("[data-am-my-list]");
if (box) {
  start(box);
}

async function start(box) {
  const text = box.dataset;
  const list = box.querySelector("[data-am-list-entries]");
  const status = box.querySelector("[data-am-list-status]");
  const missingNote = box.querySelector("[data-am-list-missing]");
  const clear = box.querySelector("[data-am-list-clear]");
  const share = box.querySelector(".am-my-list__share");
  const heading = box.querySelector("#list--chosen");
  const entries = new URL("../entries/", location.href); // beside the list/ page
  box.hidden = false;
  setUpSharing(box);

  const query = new URLSearchParams(location.search);
  const asked = query.has("ids") ? parse(query.get("ids")) : read();
  const loaded = await Promise.all(asked.map((id) => load(entries, id)));
  const missing = loaded.filter((entry) => entry.missing).length;
  const kept = loaded.filter((entry) => !entry.missing);
  for (const entry of kept) {
    if (entry.article) list.append(removable(entry.article));
  }
  missingNote.textContent = missing ? counted(text, "missing", missing) : "";
  if (kept.some((entry) => !entry.article)) missingNote.append(" ", text.error);
  list.removeAttribute("aria-busy");
  changed(kept.map((entry) => entry.id));
  box.dataset.amShown = String(list.children.length); // the tests wait for it

  function removable(article) {
    const id = article.dataset.amId;
    const name = article.querySelector(".am-entry__name");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button am-remove";
    button.textContent = text.remove;
    button.setAttribute("aria-describedby", name.id);
    button.addEventListener("click", () => {
      const next = article.nextElementSibling || article.previousElementSibling;
      article.remove();
      const ids = read().filter((other) => other !== id);
      changed(ids);
      say(words.removed, nameOf(name), ids.length);
      (next?.querySelector(".am-remove") || heading).focus();
    });
    name.after(button);
    return article;
  }

  clear.addEventListener("click", () => {
    list.replaceChildren();
    changed([]);
    sayText(text.empty);
    heading.focus();
  });

  // The list is now ``ids``: kept, in the address, and said on the page.
  function changed(ids) {
    save(ids);
    const address = listAddress(ids);
    history.replaceState(null, "", address.pathname + address.search);
    status.textContent = ids.length ? counted(text, "count", ids.length) : text.empty;
    clear.hidden = share.hidden = !ids.length;
    showAddress(box, address, ids, list);
    for (const other of document.querySelectorAll(".md-select__link")) { // languages
      const url = new URL(other.href);
      url.search = address.search;
      other.href = url.href;
    }
  }
}

// Fetches entries/<id>.html: the entry's article, or {missing} when the site has no such
// entry, or no article when it could not be loaded (the list keeps the id).
async function load(entries, id) {
  if (!ID.test(id)) return { id, missing: true }; // never asked for: not an entry's id
  try {
    const response = await fetch(new URL(`${id}.html`, entries));
    if (response.status === 404) return { id, missing: true };
    if (!response.ok) return { id };
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const article = page.querySelector("article[data-am-id]");
    return article ? { id, article: document.adoptNode(article) } : { id, missing: true };
  } catch {
    return { id };
  }
}

function listAddress(ids) {
  const address = new URL(location.pathname, location.href);
  if (ids.length) address.search = `ids=${ids.join(",")}`;
  return address;
}

// --- sharing ----------------------------------------------------------------------------

function setUpSharing(box) {
  const field = box.querySelector("[data-am-list-url]");
  const copied = box.querySelector("[data-am-list-copied]");
  box.querySelector("[data-am-list-copy]").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      copied.textContent = box.dataset.copied;
    } catch {
      field.select();
      copied.textContent = box.dataset.copyFailed;
    }
  });
  const shareButton = box.querySelector("[data-am-list-share]");
  if (navigator.share) {
    shareButton.hidden = false;
    shareButton.addEventListener("click", () => {
      navigator.share({ title: box.dataset.subject, text: shareButton.dataset.text,
                        url: field.value }).catch(() => {}); // the reader closed the sheet
    });
  }
  box.querySelector("[data-am-list-print]").addEventListener("click", () => window.print());
  // The note is printed with the list; it is never kept or sent.
  const note = box.querySelector("[data-am-note]");
  const printed = box.querySelector("[data-am-note-print]");
  note.addEventListener("input", () => {
    printed.textContent = note.value.trim();
    printed.hidden = !printed.textContent;
  });
}

// The list's address everywhere the page gives it: the field to copy, the email and text
// message, the share sheet, the QR codes and the printed short address.
function showAddress(box, address, ids, list) {
  const text = box.dataset;
  const field = box.querySelector("[data-am-list-url]");
  field.value = address.href;
  const names = [...list.querySelectorAll("article[data-am-id]")].map((article) => {
    const name = article.querySelector(".am-entry__name").textContent.trim();
    const phone = article.querySelector("a[href^='tel:']");
    return phone ? `${name}\n${text.phone}: ${phone.textContent.trim()}` : name;
  });
  const summary = [text.intro, ...names].join("\n\n");
  const message = `${summary}\n\n${text.outro}\n${address.href}`;
  box.querySelector("[data-am-list-email]").href = `mailto:?subject=${
    encodeURIComponent(text.subject)}&body=${encodeURIComponent(message.replace(/\n/g, "\r\n"))}`;
  box.querySelector("[data-am-list-sms]").href = `sms:?&body=${encodeURIComponent(message)}`;
  box.querySelector("[data-am-list-share]").dataset.text = summary;
  const short = box.querySelector("[data-am-list-address]");
  short.href = address.href;
  short.textContent = address.href.replace(/^https?:\/\//, "");
  for (const place of box.querySelectorAll("[data-am-qr]")) {
    place.replaceChildren(...(ids.length ? [qrCode(address.href)] : []));
  }
}

// The QR code of ``address`` as an SVG of its modules, black on white with a quiet zone of
// four modules. It is hidden from screen readers: the address is written beside it.
function qrCode(address) {
  const code = qrcode(0, "M");
  code.addData(address);
  code.make();
  const count = code.getModuleCount();
  const size = count + 8;
  let path = "";
  for (let row = 0; row < count; row++) {
    for (let column = 0; column < count; column++) {
      if (code.isDark(row, column)) path += `M${column + 4} ${row + 4}h1v1h-1z`;
    }
  }
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "am-qr");
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("shape-rendering", "crispEdges");
  const paper = document.createElementNS(SVG, "rect");
  paper.setAttribute("width", String(size));
  paper.setAttribute("height", String(size));
  paper.setAttribute("fill", "#fff");
  const modules = document.createElementNS(SVG, "path");
  modules.setAttribute("d", path);
  modules.setAttribute("fill", "#000");
  svg.append(paper, modules);
  return svg;
}
