// What every page needs for assistive technology. ui/serving.py writes it, with its style
// (ui/a11y_page.css), into the head of every page's HTML; CONFIG is filled in by ui/a11y.py
// page_head. Streamlit draws the page with React; this script only adjusts attributes on what
// Streamlit drew, and keeps one live region of its own. It runs once a page load, not once a
// script run: the language of each run is read from the page's title, which app.py sets at
// the start of every run ("Karta – Linnékommuner i samverkan"), before the page's elements.
(() => {
  const CONFIG = __CONFIG__;
  const root = document;
  const known = (code) => Object.prototype.hasOwnProperty.call(CONFIG.languages, code);
  // Before the first run: the address's ?lang=, else the default (as ui.lang decides).
  const fromAddress = () => {
    const code = new URLSearchParams(location.search).get(CONFIG.param);
    return known(code) ? code : CONFIG.default;
  };
  // A run's language: the one whose app name ends the title; the address's when the names
  // are the same in both languages; none (the language stays) for a title without a page
  // name (app.py's first, before the page is known), so a page switch does not flicker.
  const fromTitle = () => {
    const found = Object.keys(CONFIG.languages)
      .filter((code) => root.title.endsWith(CONFIG.languages[code].titleEnd));
    if (found.length === 1) return found[0];
    return found.length > 1 ? fromAddress() : null;
  };
  const setLanguage = (code) => {
    if (root.__a11yLang === code) return false;
    root.__a11yLang = code;
    root.documentElement.lang = code;
    root.__a11y = CONFIG.languages[code];  // the language's texts (read by the observers below)
    // Streamlit's own texts in the page's language: [pattern, replacement] pairs for this
    // language (see streamlit_words); attributes anywhere, text only in Streamlit's chrome.
    root.__a11yWords = root.__a11y.words.map(([p, to]) => [new RegExp(p), to]);
    return true;
  };
  setLanguage(fromAddress());

  const swap = (value) => {
    const text = value.trim();
    for (const [pattern, to] of root.__a11yWords)
      if (pattern.test(text)) return text.replace(pattern, to);
    return null;
  };
  const translate = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const to = node.parentElement?.closest(CONFIG.chrome) && swap(node.nodeValue);
      if (to && to !== node.nodeValue.trim()) node.nodeValue = to;
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    for (const el of [node, ...node.querySelectorAll("[aria-label],[placeholder],[title]")])
      for (const name of ["aria-label", "placeholder", "title"]) {
        const value = el.getAttribute(name);
        const to = value && swap(value);
        if (to && to !== value) el.setAttribute(name, to);
      }
    const texts = root.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    while (texts.nextNode()) translate(texts.currentNode);
  };

  // The one polite live region (WCAG 4.1.3): results ("Publicerad …", a toast) are said
  // here, outside React's tree, so it exists before the message arrives.
  const liveRegion = () => {
    let region = root.getElementById("a11y-status");
    if (!region) {
      region = root.createElement("div");
      region.id = "a11y-status";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      region.className = "a11y-visually-hidden";
      root.body.appendChild(region);
    }
    return region;
  };
  const announce = (text) => {
    const region = liveRegion();
    region.textContent = "";
    // A new text node a moment later, so the same message twice is said twice.
    setTimeout(() => { region.textContent = text; }, 100);
  };
  root.__a11yAnnounce = announce;
  // What a screen reader would read of an element: its text without the icons' names
  // (Streamlit's Material icons are ligature text, hidden from assistive technology).
  const spoken = (el) => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll('[aria-hidden="true"], [data-testid="stIconMaterial"], button')
      .forEach((hidden) => hidden.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  };
  root.__a11ySpoken = spoken;

  // A table box that scrolls (a phone, 200 % zoom) takes keyboard focus and is a named
  // region (WCAG 2.1.1, 1.4.10); one that fits is no Tab stop. The boxes: st.table's, and
  // our escaped HTML tables' (ui.html_table; drawn as a named region, so the box is
  // reachable before this script has looked at it).
  const TABLE_BOXES = ['[data-testid="stTable"] > div', `.${CONFIG.tableBox}`];
  const tableName = (box) => {
    let name = "";
    const headings = root.querySelectorAll(
      '[data-testid="stMain"] :is(h1, h2, h3, h4)');
    for (const heading of headings)
      if (heading.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING)
        name = heading.innerText.trim().split("\n").pop();
    return name ? `${root.__a11y.table}: ${name}` : root.__a11y.table;
  };
  const fitTable = (box) => {
    const scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    if (scrolls) {
      // only what differs: each change is a mutation the page's observer sees again
      for (const [name, value] of [["tabindex", "0"], ["role", "region"], ["aria-label", tableName(box)]])
        if (box.getAttribute(name) !== value) box.setAttribute(name, value);
      if (!box.dataset.a11yScroll) box.dataset.a11yScroll = "1";
    } else if (box.dataset.a11yScroll) {
      ["tabindex", "role", "aria-label"].forEach((name) => box.removeAttribute(name));
      delete box.dataset.a11yScroll;
    }
  };
  const sizes = new ResizeObserver((entries) => entries.forEach((e) => fitTable(e.target)));
  // A table's content can change without its box changing size: every box is looked at
  // again once a frame while the page changes.
  let refitting = false;
  const refit = () => {
    if (refitting) return;
    refitting = true;
    requestAnimationFrame(() => {
      refitting = false;
      root.querySelectorAll(TABLE_BOXES.join(", ")).forEach(fitTable);
    });
  };

  // Alerts only for errors: Streamlit makes warnings alerts too (the demo notice), and a
  // toast an alertdialog. A success or a toast is also said in the live region.
  const calm = () => {
    root.querySelectorAll('[data-testid="stAlertContainer"][role="alert"]').forEach((box) => {
      if (!box.querySelector('[data-testid="stAlertContentError"]')) box.setAttribute("role", "status");
    });
    root.querySelectorAll('[role="alertdialog"]').forEach((toast) => {
      if (!toast.querySelector('[data-testid="stToast"]') && toast.dataset.testid !== "stToast") return;
      toast.setAttribute("role", "status");
      toast.removeAttribute("aria-modal");
      announce(spoken(toast));
    });
  };
  const saidSuccess = new WeakSet();
  const sayResults = (node) => {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    node.querySelectorAll('[data-testid="stAlertContentSuccess"]').forEach((box) => {
      if (saidSuccess.has(box)) return;
      saidSuccess.add(box);
      announce(spoken(box));
    });
  };

  const adjust = () => {
    // A chart that scrolls sideways on a narrow screen (ui.a11y.chart(min_width=…)) takes
    // keyboard focus, so it can be scrolled with the arrow keys (WCAG 2.1.1, 1.4.10).
    root.querySelectorAll(`[class*="st-key-${CONFIG.scroll}"] [data-testid="stPlotlyChart"]:not([tabindex])`)
      .forEach((chart) => chart.setAttribute("tabindex", "0"));
    // The headings' hidden "link to heading" anchors are not Tab stops; a pointer can still
    // use them. The main area is no Tab stop (the skip link still moves focus there).
    root.querySelectorAll('[data-testid="stHeaderActionElements"] a:not([tabindex])')
      .forEach((anchor) => anchor.setAttribute("tabindex", "-1"));
    const main = root.querySelector('[data-testid="stMain"]');
    if (main && main.getAttribute("tabindex") !== "-1") main.setAttribute("tabindex", "-1");
    root.querySelectorAll(TABLE_BOXES.map((box) => `${box}:not([data-a11y-seen])`).join(", "))
      .forEach((box) => {
        box.dataset.a11ySeen = "1";
        sizes.observe(box);
      });
    calm();
    refit();
  };

  const start = () => {
    new MutationObserver((changes) => {
      for (const change of changes) {
        if (change.type === "childList") change.addedNodes.forEach((n) => { translate(n); sayResults(n); });
        else if (change.type === "characterData" || change.attributeName !== "role") translate(change.target);
      }
      adjust();
    }).observe(root.body, {childList: true, subtree: true, characterData: true, attributes: true,
                          attributeFilter: ["aria-label", "placeholder", "title", "role"]});
    // A new title is a new run, maybe in the other language: then every text follows. The
    // style stays the head's last, after the style Streamlit adds, so its rules win a tie.
    const style = root.getElementById("linne-a11y-style");
    const last = () => {
      if (style && root.head.lastElementChild !== style) root.head.appendChild(style);
    };
    new MutationObserver(() => {
      last();
      const code = fromTitle();
      if (code && setLanguage(code)) {
        translate(root.body);
        adjust();
      }
    }).observe(root.head, {childList: true, subtree: true, characterData: true});
    last();
    // Esc hides a map's tooltip until the pointer or focus moves again (WCAG 1.4.13).
    root.addEventListener("keydown", (e) => {
      if (e.key === "Escape") root.documentElement.classList.add("tips-off");
    });
    const back = () => root.documentElement.classList.remove("tips-off");
    root.addEventListener("pointermove", back);
    root.addEventListener("focusin", back);
    liveRegion();
    setLanguage(fromTitle() || root.__a11yLang);  // a title set before the page was parsed
    translate(root.body);
    adjust();
  };
  if (root.body) start();
  else root.addEventListener("DOMContentLoaded", start);
})();
