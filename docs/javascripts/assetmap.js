/* assetmap: keyboard and screen reader fixes to the Material theme's header and menu.

   The theme opens its menu, and each section of it, with a <label> for a hidden checkbox: a
   keyboard cannot reach the menu button, and a screen reader hears neither a button nor
   whether it is open (WCAG 2.1.1, 4.1.2). On a phone the menu's sections are panels that
   slide over one another, and the keyboard could go to what a panel covers (2.4.7, 2.4.11).
   The theme's icons are announced as unnamed images (1.1.1), and its one-key shortcuts (n, p,
   ...) fire when someone using speech input says a word (2.1.4). */
(() => {
  const drawer = document.getElementById("__drawer");
  const navigation = document.querySelector(".md-nav--primary");
  const phone = matchMedia("(max-width: 76.234375em)");
  if (!navigation) return;

  function toggle(box, value) {
    if (box.checked !== value) {
      box.checked = value;
      box.dispatchEvent(new Event("change"));
    }
  }

  function visible(el) {
    return el.checkVisibility({visibilityProperty: true}) && !el.closest("[inert]");
  }

  // The header grows when its title wraps: what the keyboard focuses is scrolled clear of it
  // (--am-header-size in docs/stylesheets/assetmap.css).
  const header = document.querySelector(".md-header");
  if (header) {
    new ResizeObserver(() => document.documentElement.style.setProperty(
      "--am-header-size", `${header.offsetHeight}px`)).observe(header);
  }

  // Icons in the header, the menu and the footer sit beside a name: hide them.
  const icons = document.querySelectorAll(".md-header svg, .md-sidebar svg, .md-footer svg");
  for (const icon of icons) {
    icon.setAttribute("aria-hidden", "true");
  }

  // Each label that opens or closes the menu or a section of it becomes a button saying
  // whether it is open. It keeps the label's attributes (the theme's styles and scripts select
  // on them). The menu's title, which holds a link, stays a label: Escape closes the menu.
  const buttons = new Map(); // checkbox -> its buttons
  const labels = document.querySelectorAll(".md-header label[for], .md-nav--primary label[for]");
  for (const label of labels) {
    const box = document.getElementById(label.htmlFor);
    if (!box || box.type !== "checkbox" || !box.classList.contains("md-toggle") ||
        label.querySelector("a, button, input")) {
      continue;
    }
    const button = document.createElement("button");
    button.type = "button";
    for (const {name, value} of label.attributes) {
      if (name !== "tabindex") button.setAttribute(name, value);
    }
    button.classList.add("am-toggle");
    button.append(...label.childNodes);
    // A button with no words is named after what it opens: the menu, or the search.
    const search = box.id === "__search" && document.querySelector(".md-search__input");
    if (!button.textContent.trim()) {
      button.setAttribute("aria-label", (search || navigation).getAttribute("aria-label"));
    }
    button.addEventListener("click", () => {
      toggle(box, !box.checked);
      if (search && box.checked) search.focus();
    });
    label.replaceWith(button);
    buttons.set(box, [...(buttons.get(box) || []), button]);
  }
  // The section's state is on its button now, not on the section.
  for (const section of navigation.querySelectorAll("nav[aria-expanded]")) {
    section.removeAttribute("aria-expanded");
  }

  // On a phone an open section covers the rest of the menu: the rest is out of reach until it
  // closes.
  function coverings() {
    for (const el of navigation.querySelectorAll("[inert]")) el.inert = false;
    if (!phone.matches) return;
    const open = [...navigation.querySelectorAll(".md-nav__toggle:checked ~ .md-nav")];
    const top = open.filter((nav) => !open.some((other) => other !== nav && nav.contains(other)));
    for (const nav of top) {
      for (let el = nav; el !== navigation; el = el.parentElement) {
        for (const sibling of el.parentElement.children) {
          if (sibling !== el && sibling.tagName !== "INPUT") sibling.inert = true;
        }
      }
    }
  }

  for (const [box, own] of buttons) {
    const show = () => own.forEach((b) => b.setAttribute("aria-expanded", String(box.checked)));
    show();
    box.addEventListener("change", () => {
      show();
      if (box === drawer) return;
      const from = own.find((b) => b === document.activeElement);
      coverings();
      // On a phone, the focus goes with the panel that slides in, or back to what opened it.
      if (from && phone.matches) {
        const to = own.find((b) => b !== from && visible(b));
        if (to) to.focus();
      }
    });
  }
  coverings();
  phone.addEventListener("change", coverings);

  const menu = document.querySelector(".md-sidebar--primary");
  const opener = document.querySelector(".md-header [for='__drawer']");
  if (drawer && menu && opener) {
    // Opened from the keyboard, the menu takes the focus; Escape closes it and gives the
    // focus back; so does taking the focus out of it.
    drawer.addEventListener("change", () => {
      if (drawer.checked && document.activeElement === opener) {
        const first = [...menu.querySelectorAll("a[href], button")].find(visible);
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && drawer.checked) {
        toggle(drawer, false);
        opener.focus();
      }
    });
    menu.addEventListener("focusout", (event) => {
      const next = event.relatedTarget;
      if (drawer.checked && next && !menu.contains(next) && next !== opener) {
        toggle(drawer, false);
      }
    });
    menu.addEventListener("keydown", (event) => {  // Tab from the last stop: out of the page
      const stops = [...menu.querySelectorAll("a[href], button")].filter(visible);
      if (event.key === "Tab" && !event.shiftKey && event.target === stops[stops.length - 1]) {
        toggle(drawer, false);
      }
    });
    // A page shown again from the history opens with the menu closed.
    window.addEventListener("pageshow", () => toggle(drawer, false));
  }

  // Turn off the theme's one-key shortcuts outside text fields.
  const shortcuts = new Set(["p", ",", "n", ".", "f", "s", "/"]);
  window.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement || (target instanceof HTMLElement &&
                                              target.isContentEditable);
    if (shortcuts.has(event.key) && !typing && !event.ctrlKey && !event.metaKey &&
        !event.altKey) {
      event.stopImmediatePropagation();
    }
  }, true);
})();
