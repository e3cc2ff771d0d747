// What the accessibility checks (tests/support/a11y_checks.py) measure inside the page.
// Loaded with add_script_tag; every function returns plain data (problems, or facts) for Python.
window.amCheck = (() => {
  const TABBABLE = [
    "a[href]", "area[href]", "button", "input:not([type=hidden])", "select", "textarea",
    "summary", "iframe", "[tabindex]", "[contenteditable=''], [contenteditable=true]",
  ].join(",");
  const HEADER = ".md-header";

  function describe(el) {
    if (!el || el === document.body) return "body";
    const text = (el.getAttribute("aria-label") || el.textContent || "").replace(/\s+/g, " ")
      .trim().slice(0, 40);
    const href = el.getAttribute("href");
    const classes = typeof el.className === "string"
      ? el.className.trim().split(/\s+/).filter((c) => c && c !== "focus-visible") : [];
    const cls = classes.map((c) => `.${c}`).join("");
    return `${el.tagName.toLowerCase()}${cls}${href ? `[href="${href}"]` : ""} "${text}"`;
  }

  // Whether the browser would stop on it with Tab (it may still be out of sight: that is
  // what the keyboard test looks for).
  function tabbable(el) {
    if (el.disabled || el.tabIndex < 0 || el.closest("[inert]")) return false;
    return el.checkVisibility({visibilityProperty: true});
  }

  function focusStyle(el) {
    const s = getComputedStyle(el);
    return {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
            outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
            outlineColor: s.outlineColor, shadow: s.boxShadow};
  }

  let order = [];
  const unfocused = new Map();

  // Call with nothing focused: remembers the page's tab order and how each stop looks
  // unfocused.
  function start() {
    order = [...document.querySelectorAll(TABBABLE)].filter(tabbable);
    for (const el of order) unfocused.set(el, focusStyle(el));
    return order.map(describe);
  }

  async function settle() {
    const running = document.getAnimations().map((a) => a.finished.catch(() => null));
    await Promise.race([Promise.all(running), new Promise((r) => setTimeout(r, 1000))]);
    await new Promise((r) => requestAnimationFrame(() => r()));
  }

  function transparent(color) {
    return color === "transparent" || /rgba\(.*,\s*0\)$/.test(color);
  }

  function opacity(el) {
    let value = 1;
    for (let e = el; e; e = e.parentElement) value *= parseFloat(getComputedStyle(e).opacity);
    return value;
  }

  // Where the focused element is and whether a sighted keyboard user can see it and its
  // focus indicator.
  async function focused(wait = true) {
    if (wait) await settle();
    const el = document.activeElement;
    if (!el || el === document.body) return {index: -1, name: "body", problems: []};
    const problems = [];
    const rect = el.getBoundingClientRect();
    const header = document.querySelector(HEADER);
    const inHeader = header && header.contains(el);
    const headerBottom = header ? header.getBoundingClientRect().bottom : 0;
    if (rect.width < 1 || rect.height < 1) problems.push("has no size");
    if (rect.right < 1 || rect.left > innerWidth - 1 || rect.bottom < 1 ||
        rect.top > innerHeight - 1) {
      problems.push(`is outside the window (${Math.round(rect.left)}, ${Math.round(rect.top)})`);
    } else {
      // Look at the middle of its first line box (a link that wraps has its middle elsewhere).
      const line = [...el.getClientRects()].find((r) => r.width > 0 && r.height > 0) || rect;
      const x = Math.min(Math.max(line.left + line.width / 2, 0), innerWidth - 1);
      if (!inHeader && rect.top < headerBottom - 1) {
        // Above the header's bottom edge: is it drawn under the header, or over it?
        const under = document.elementFromPoint(x, Math.max(line.top, 0) + 1);
        if (under && header.contains(under)) {
          problems.push(`is under the sticky header (top ${Math.round(rect.top)} < ` +
                        `${Math.round(headerBottom)})`);
        }
      }
      if (rect.height < innerHeight && rect.bottom > innerHeight + 1) {
        problems.push("is cut off at the bottom of the window");
      }
      const hit = document.elementFromPoint(
        x, Math.min(Math.max(line.top + line.height / 2, 0), innerHeight - 1));
      if (hit && !(el.contains(hit) || hit.contains(el))) {
        problems.push(`is covered by ${describe(hit)}`);
      }
    }
    const seen = opacity(el);
    if (seen < 0.99 || getComputedStyle(el).visibility !== "visible") {
      problems.push(`is not visible (opacity ${seen.toFixed(2)})`);
    }
    const now = focusStyle(el);
    const before = unfocused.get(el) || {outlineStyle: "none", shadow: "none"};
    const outline = now.outlineStyle !== "none" && now.outlineWidth >= 1 &&
      !transparent(now.outlineColor) && now.outline !== before.outline;
    const shadow = now.shadow !== "none" && now.shadow !== before.shadow;
    if (!outline && !shadow) {
      problems.push(`has no focus indicator (outline ${now.outline}, box-shadow ${now.shadow})`);
    }
    return {
      index: order.indexOf(el), name: describe(el), problems,
      inContent: !!el.closest(".md-content"),
      top: rect.top + scrollY, left: rect.left + scrollX, right: rect.right + scrollX,
      bottom: rect.bottom + scrollY, height: rect.height,
    };
  }

  // The links and controls of the part of the page ``selector`` selects, in document order.
  function tabStops(selector) {
    const part = document.querySelector(selector);
    return part ? [...part.querySelectorAll(TABBABLE)].filter(tabbable).map(describe) : [];
  }

  function inside(selector) {
    return !!document.activeElement.closest(selector);
  }

  // The first link or control after the skip link's target, if any.
  function afterSkipTarget() {
    const link = document.activeElement;
    const target = document.getElementById(decodeURIComponent(
      (link.getAttribute("href") || "").slice(1)));
    if (!target) return "no target";
    const next = [...document.querySelectorAll(TABBABLE)].filter(tabbable).find(
      (el) => target.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
    return next ? describe(next) : "body";
  }

  // A link, before the content, to a place at the start of the page's main content.
  function isSkipLink() {
    const el = document.activeElement;
    const href = (el && el.tagName === "A" && el.getAttribute("href")) || "";
    const target = href.startsWith("#") &&
      document.getElementById(decodeURIComponent(href.slice(1)));
    return !!target && !el.closest("main, [role=main]") &&
      !!target.closest("main, [role=main]");
  }

  // --- reflow, text spacing, zoom -------------------------------------------------------

  function visibleText(node) {
    const el = node.parentElement;
    return node.textContent.trim() && el && el.checkVisibility({opacityProperty: true,
                                                                 visibilityProperty: true});
  }

  function textNodes(root = document.body) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const found = [];
    while (walker.nextNode()) {
      if (visibleText(walker.currentNode) &&
          !walker.currentNode.parentElement.closest("script, style, noscript")) {
        found.push(walker.currentNode);
      }
    }
    return found;
  }

  // Text for screen readers only: shrunk to at most 1 px and clipped on purpose (the theme's
  // md-visually-hidden, assetmap's am-visually-hidden). Sighted readers see a visible
  // equivalent beside it, so it is not text cut off.
  function forScreenReadersOnly(el) {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      const clips = s.clipPath.startsWith("inset(50%") || s.clip.startsWith("rect(0");
      if (clips && e.clientWidth <= 1 && e.clientHeight <= 1 && s.position === "absolute") {
        return true;
      }
    }
    return false;
  }

  // Elements that hide what overflows them, and whose text does overflow.
  function clipped() {
    const problems = [];
    const seen = new Set();
    for (const node of textNodes()) {
      for (let el = node.parentElement; el && el !== document.documentElement;
           el = el.parentElement) {
        if (seen.has(el)) continue;
        seen.add(el);
        const s = getComputedStyle(el);
        const hidesX = ["hidden", "clip"].includes(s.overflowX) || s.textOverflow === "ellipsis";
        const hidesY = ["hidden", "clip"].includes(s.overflowY);
        if (!hidesX && !hidesY) continue;
        if (el === document.body || forScreenReadersOnly(el)) continue;
        const over = [];
        if (hidesX && el.scrollWidth > el.clientWidth + 1) over.push("wide");
        if (hidesY && el.scrollHeight > el.clientHeight + 1) over.push("tall");
        if (over.length) {
          problems.push(`${describe(el)} cuts off its text (too ${over.join(" and ")}: ` +
                        `${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x` +
                        `${el.clientHeight})`);
        }
      }
    }
    return problems;
  }

  // Text that spills out of the box it is laid out in (and over whatever comes next).
  function spilled() {
    const problems = [];
    const seen = new Set();
    for (const node of textNodes()) {
      let box = node.parentElement;
      while (box && getComputedStyle(box).display.startsWith("inline") &&
             getComputedStyle(box).display !== "inline-block") {
        box = box.parentElement;
      }
      if (!box || seen.has(box) || box === document.body || forScreenReadersOnly(box)) continue;
      const edge = box.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(node);
      const out = [...range.getClientRects()].find((r) => r.width > 0 && (
        r.bottom > edge.bottom + 1 || r.top < edge.top - 1 || r.right > edge.right + 1 ||
        r.left < edge.left - 1));
      if (out) {
        seen.add(box);
        problems.push(`"${node.textContent.trim().slice(0, 40)}" spills out of ` +
                      `${describe(box)}`);
      }
    }
    return problems;
  }

  // Placed wholly outside the window on purpose, as a skip link is until it has the focus.
  function movedAway(el, width) {
    for (let e = el; e; e = e.parentElement) {
      if (["absolute", "fixed"].includes(getComputedStyle(e).position)) {
        const r = e.getBoundingClientRect();
        return r.right <= 0 || r.left >= width;
      }
    }
    return false;
  }

  // Text that lies outside the window's width (cut off, or only seen by scrolling sideways).
  function offscreenText() {
    const problems = [];
    const width = document.documentElement.clientWidth;
    for (const node of textNodes()) {
      if (node.parentElement.closest(".md-sidebar--primary, .md-select__inner") ||
          movedAway(node.parentElement, width)) {
        continue;
      }
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width > 0 && (r.right > width + 1 || r.left < -1)) {
          problems.push(`"${node.textContent.trim().slice(0, 40)}" runs from x=` +
                        `${Math.round(r.left)} to x=${Math.round(r.right)} (window ${width})`);
          break;
        }
      }
    }
    return problems;
  }

  function horizontalScroll() {
    const root = document.documentElement;
    return {scrollWidth: Math.max(root.scrollWidth, document.body.scrollWidth),
            clientWidth: root.clientWidth};
  }

  // Boxes that overlap their siblings: entries, tiles, list items, facts, paragraphs.
  function overlaps() {
    const problems = [];
    const blocks = document.querySelectorAll(
      ".md-content *, .md-header__inner > *, .md-footer *");
    const parents = new Set([...blocks].map((el) => el.parentElement));
    for (const parent of parents) {
      const boxes = [...parent.children].filter((el) => {
        const s = getComputedStyle(el);
        // Inline boxes that wrap share lines with their neighbours: only whole boxes count.
        return s.position !== "absolute" && s.position !== "fixed" && s.display !== "inline" &&
          s.display !== "contents" &&
          el.checkVisibility({visibilityProperty: true, opacityProperty: true});
      }).map((el) => [el, el.getBoundingClientRect()]).filter(([, r]) => r.width && r.height);
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, ra] = boxes[i];
          const [b, rb] = boxes[j];
          const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
          const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
          if (w > 1 && h > 1) {
            problems.push(`${describe(a)} overlaps ${describe(b)} (${Math.round(w)}x` +
                          `${Math.round(h)} px)`);
          }
        }
      }
    }
    return problems;
  }

  function fontSizes() {
    return textNodes().map((n) => parseFloat(getComputedStyle(n.parentElement).fontSize));
  }

  function textLabels() {
    return textNodes().map((n) => n.textContent.trim().slice(0, 40));
  }

  // --- structure: headings, links, language ------------------------------------------------

  function hiddenFromAT(el) {
    return !!el.closest("[aria-hidden=true], [hidden]") || !el.checkVisibility();
  }

  function headings() {
    return [...document.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]")]
      .filter((h) => !hiddenFromAT(h))
      .map((h) => [Number(h.getAttribute("aria-level") || h.tagName.slice(1)),
                   h.textContent.replace(/\s+/g, " ").trim().slice(0, 60)]);
  }

  function accessibleText(el) {
    const labelledby = el.getAttribute("aria-labelledby");
    if (labelledby) {
      return labelledby.split(/\s+/).map((id) => document.getElementById(id))
        .filter(Boolean).map(accessibleText).join(" ");
    }
    if (el.getAttribute("aria-label")) return el.getAttribute("aria-label");
    let text = "";
    for (const child of el.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) text += child.textContent;
      else if (child.nodeType === Node.ELEMENT_NODE && !child.closest("[aria-hidden=true]") &&
               getComputedStyle(child).display !== "none") {
        text += child.tagName === "IMG" ? child.getAttribute("alt") || "" : accessibleText(child);
      }
    }
    return text;
  }

  function links() {
    return [...document.querySelectorAll("a[href]")].filter((a) => !hiddenFromAT(a) ||
        a.closest(".md-select__inner, .md-sidebar"))
      .map((a) => ({name: accessibleText(a).replace(/\s+/g, " ").trim(),
                    title: a.getAttribute("title") || "", href: a.href,
                    where: describe(a)}));
  }

  function effectiveLang(el) {
    const owner = el.closest("[lang]");
    return owner ? owner.getAttribute("lang") : "";
  }

  // Every element that says its language, with the direction it is laid out in.
  function languageParts() {
    return [...document.querySelectorAll("body [lang]")].map((el) => ({
      lang: el.getAttribute("lang"), direction: getComputedStyle(el).direction,
      text: el.textContent.replace(/\s+/g, " ").trim().slice(0, 40), where: describe(el)}));
  }

  // Runs of three or more words in Latin letters, and the language they are marked with.
  // Addresses and names of people are shown as written (dir=auto), with no language; email
  // addresses and web addresses are not words.
  function latinPhrases() {
    const found = [];
    for (const node of textNodes()) {
      const el = node.parentElement;
      if (el.closest("[dir=auto]")) continue;
      const text = node.textContent.replace(/\S+@\S+|\b[\w-]+(\.[\w-]+)+(\/\S*)?/g, " ");
      const words = text.match(/[A-Za-z\u00C0-\u024F]{2,}/g) || [];
      if (words.length >= 3) {
        found.push({text: node.textContent.replace(/\s+/g, " ").trim().slice(0, 60),
                    lang: effectiveLang(el), where: describe(el)});
      }
    }
    return found;
  }

  function document_() {
    const html = document.documentElement;
    const main = document.querySelector(".md-content");
    return {lang: html.getAttribute("lang"), dir: html.getAttribute("dir"),
            direction: getComputedStyle(document.body).direction,
            contentLang: main ? effectiveLang(main.querySelector("h1") || main) : "",
            contentDirection: main ? getComputedStyle(main.querySelector("h1") || main)
              .direction : ""};
  }

  return {start, focused, isSkipLink, afterSkipTarget, tabStops, inside, settle, describe,
          clipped, spilled, offscreenText, horizontalScroll, overlaps, fontSizes, textLabels,
          headings, links, languageParts, latinPhrases, document: document_};
})();
