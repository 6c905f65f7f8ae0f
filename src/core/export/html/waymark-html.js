/* The shared map's page: pan and zoom, stages, search, focus filter,
 * where each number comes from. No framework, nothing fetched; every
 * piece of the document's text goes in as text, never as markup. */
(function () {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const data = JSON.parse(document.getElementById("wm-data").textContent);
  const strings = data.strings;
  const $ = (id) => document.getElementById(id);
  const panels = Array.from(document.querySelectorAll(".wm-panel"));
  const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
  const search = $("wm-search");
  const count = $("wm-count");
  const focusSelect = $("wm-focus");
  const stageLabel = $("wm-stage");
  const popover = $("wm-popover");
  const outline = $("wm-outline");
  const outlineButton = $("wm-outline-button");
  const live = document.createElement("p");

  live.className = "wm-help";
  live.setAttribute("aria-live", "polite");
  document.body.appendChild(live);

  const format = (text, ...args) => text.replace(/%(\d)/g, (m, i) => String(args[Number(i) - 1]));
  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();

  /* One view per map: the map point at the viewport's top left and the
   * pixels per point. */
  const views = panels.map((panel) => {
    const map = data.maps[Number(panel.dataset.map)];
    return {
      panel, map,
      viewport: panel.querySelector(".wm-viewport"),
      svg: panel.querySelector("svg"),
      root: null,
      x: 0, y: 0, scale: 1, fitted: true, stage: -1,
      matches: [], current: -1,
    };
  });
  let active = views.find((v) => !v.panel.hidden) || views[0];

  function size(view) {
    const r = view.viewport.getBoundingClientRect();
    return { w: Math.max(1, r.width), h: Math.max(1, r.height) };
  }

  function apply(view) {
    const s = size(view);
    view.svg.setAttribute("viewBox", [view.x, view.y, s.w / view.scale, s.h / view.scale].join(" "));
    view.svg.setAttribute("preserveAspectRatio", "xMinYMin meet");
    updateRings(view);
  }

  function fitArea(view, x, y, w, h, pad) {
    const s = size(view);
    pad = pad === undefined ? 12 : pad;
    view.scale = Math.max(0.02, Math.min((s.w - 2 * pad) / w, (s.h - 2 * pad) / h, 4));
    view.x = x - ((s.w / view.scale) - w) / 2;
    view.y = y - ((s.h / view.scale) - h) / 2;
    apply(view);
  }

  function fit(view) {
    view.fitted = true;
    view.stage = -1;
    fitArea(view, 0, 0, view.map.width, view.map.height);
    showStage(view);
  }

  /* The whole map when its text can be read whole; else its full width
   * from the top; else (a phone) its first stage. */
  function start(view) {
    const s = size(view);
    const whole = Math.min((s.w - 24) / view.map.width, (s.h - 24) / view.map.height);
    const across = (s.w - 24) / view.map.width;
    if (whole >= 0.35 || !view.map.stages.length) fit(view);
    else if (across >= 0.5) {
      view.fitted = false;
      view.stage = -1;
      view.scale = Math.min(1.5, across);
      view.x = -12 / view.scale;
      view.y = 0;
      apply(view);
      showStage(view);
    } else {
      view.stage = -1;
      goStage(view, 1);
    }
  }

  function zoomAt(view, factor, px, py) {
    const s = size(view);
    const fitScale = Math.min(s.w / view.map.width, s.h / view.map.height);
    const scale = Math.min(8, Math.max(fitScale * 0.5, view.scale * factor));
    if (px === undefined) { px = s.w / 2; py = s.h / 2; }
    const mx = view.x + px / view.scale, my = view.y + py / view.scale;
    view.scale = scale;
    view.x = mx - px / scale;
    view.y = my - py / scale;
    view.fitted = false;
    apply(view);
    if (view.stage < 0) showStage(view);
  }

  function pan(view, dx, dy) {
    view.x += dx / view.scale;
    view.y += dy / view.scale;
    if (view.fitted) { view.fitted = false; showStage(view); }
    apply(view);
  }

  /* Where an element is, in map points. */
  function boxOf(view, el) {
    const b = el.getBBox();
    const m = view.svg.getScreenCTM().inverse().multiply(el.getScreenCTM());
    const pts = [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height], [b.x + b.width, b.y + b.height]]
      .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
    const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
    const x = Math.min(...xs), y = Math.min(...ys);
    return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
  }

  function reveal(view, el) {
    const b = boxOf(view, el);
    const s = size(view);
    if (view.scale < 0.75) {
      view.scale = Math.min(1, (s.w - 24) / b.w, (s.h - 24) / b.h);
      view.x = b.x + b.w / 2 - s.w / view.scale / 2;
      view.y = b.y + b.h / 2 - s.h / view.scale / 2;
      view.fitted = false;
      apply(view);
      return;
    }
    const vw = s.w / view.scale, vh = s.h / view.scale, m = 16 / view.scale;
    let x = view.x, y = view.y;
    if (b.x < x + m || b.x + b.w > x + vw - m) x = b.w > vw - 2 * m ? b.x - m : b.x + b.w / 2 - vw / 2;
    if (b.y < y + m || b.y + b.h > y + vh - m) y = b.h > vh - 2 * m ? b.y - m : b.y + b.h / 2 - vh / 2;
    if (x !== view.x || y !== view.y) {
      view.x = x; view.y = y; view.fitted = false;
      apply(view);
    }
  }

  /* Rings drawn over the map: the focused item and the search's matches. */
  function ringLayer(view) {
    if (!view.root) {
      view.root = document.createElementNS(SVG_NS, "g");
      view.root.setAttribute("aria-hidden", "true");
      view.svg.appendChild(view.root);
    }
    return view.root;
  }

  function updateRings(view) {
    const layer = ringLayer(view);
    while (layer.firstChild) layer.removeChild(layer.firstChild);
    const add = (el, cls) => {
      const b = boxOf(view, el);
      const r = document.createElementNS(SVG_NS, "rect");
      const pad = 3 / view.scale;
      r.setAttribute("x", b.x - pad);
      r.setAttribute("y", b.y - pad);
      r.setAttribute("width", b.w + 2 * pad);
      r.setAttribute("height", b.h + 2 * pad);
      r.setAttribute("rx", 6 / view.scale);
      r.setAttribute("class", cls);
      layer.appendChild(r);
    };
    view.matches.forEach((el, i) => add(el, "wm-ring wm-hit" + (i === view.current ? " wm-current" : "")));
    const focused = document.activeElement;
    if (focused && focused !== view.svg && view.svg.contains(focused)) add(focused, "wm-ring");
  }

  /* ---- maps as tabs ---- */
  function select(index, focusTab) {
    tabs.forEach((tab, i) => {
      tab.setAttribute("aria-selected", String(i === index));
      tab.tabIndex = i === index ? 0 : -1;
    });
    views.forEach((view, i) => { view.panel.hidden = i !== index; });
    outline.querySelectorAll("section").forEach((section, i) => { section.hidden = i !== index; });
    active = views[index];
    hidePopover();
    start(active);
    buildFocusFilter();
    runSearch();
    if (focusTab) tabs[index].focus();
  }
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(i, false));
    tab.addEventListener("keydown", (event) => {
      let next = -1;
      if (event.key === "ArrowRight") next = (i + 1) % tabs.length;
      else if (event.key === "ArrowLeft") next = (i + tabs.length - 1) % tabs.length;
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = tabs.length - 1;
      if (next >= 0) { event.preventDefault(); select(next, true); }
    });
  });

  /* ---- stage by stage ---- */
  function showStage(view) {
    const stages = view.map.stages;
    if (view.stage < 0 || view.stage >= stages.length)
      stageLabel.textContent = view.fitted ? strings.wholeMap : "";
    else
      stageLabel.textContent = format(strings.stage, view.stage + 1, stages.length, stages[view.stage].title);
  }
  function goStage(view, delta) {
    const stages = view.map.stages;
    if (!stages.length) return;
    let next = view.stage + delta;
    if (next < -1) next = stages.length - 1;
    if (next >= stages.length) next = -1;
    if (next < 0) { fit(view); return; }
    view.stage = next;
    view.fitted = false;
    const st = stages[next];
    const s = size(view);
    /* The stage's whole height, unless its text would be too small to
     * read (a phone): then its width, from the top. */
    if (Math.min((s.w - 24) / st.width, (s.h - 24) / view.map.height) >= 0.6)
      fitArea(view, st.x, 0, st.width, view.map.height);
    else {
      view.scale = Math.min(2, (s.w - 16) / st.width);
      view.x = st.x - 8 / view.scale;
      view.y = 0;
      apply(view);
    }
    showStage(view);
  }
  $("wm-stage-prev").addEventListener("click", () => goStage(active, -1));
  $("wm-stage-next").addEventListener("click", () => goStage(active, 1));
  $("wm-zoom-in").addEventListener("click", () => zoomAt(active, 1.25));
  $("wm-zoom-out").addEventListener("click", () => zoomAt(active, 0.8));
  $("wm-fit").addEventListener("click", () => fit(active));

  /* ---- search ---- */
  function searchable(view) {
    return Array.from(view.svg.querySelectorAll(".wm-card, .wm-stage, .wm-lane"));
  }
  function runSearch() {
    const view = active;
    const query = fold(search.value.trim());
    view.matches = query === "" ? [] : searchable(view).filter((el) => fold(el.textContent).includes(query));
    view.current = view.matches.length ? 0 : -1;
    showMatch(view);
  }
  function showMatch(view) {
    if (search.value.trim() === "") count.textContent = "";
    else if (!view.matches.length) count.textContent = strings.noMatch;
    else count.textContent = format(strings.match, view.current + 1, view.matches.length);
    if (view.current >= 0) reveal(view, view.matches[view.current]);
    updateRings(view);
  }
  function stepMatch(delta) {
    const view = active;
    if (!view.matches.length) return;
    view.current = (view.current + delta + view.matches.length) % view.matches.length;
    showMatch(view);
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); stepMatch(event.shiftKey ? -1 : 1); }
    else if (event.key === "Escape" && search.value !== "") { event.preventDefault(); search.value = ""; runSearch(); }
  });
  $("wm-search-next").addEventListener("click", () => stepMatch(1));
  $("wm-search-prev").addEventListener("click", () => stepMatch(-1));

  /* ---- focus filter ---- */
  function buildFocusFilter() {
    const cards = Object.values(active.map.cards);
    const options = [["all", strings.everything]];
    if (cards.some((c) => c.kind === "pain-point" && c.severity >= 3)) options.push(["pain", strings.highPain]);
    if (cards.some((c) => c.below)) options.push(["below", strings.offTarget]);
    Object.keys(data.kinds).forEach((kind) => {
      if (cards.some((c) => c.kind === kind)) options.push(["kind:" + kind, format(strings.onlyKind, data.kinds[kind])]);
    });
    Object.keys(data.channels).forEach((channel) => {
      if (cards.some((c) => c.channel === channel))
        options.push(["channel:" + channel, format(strings.channel, data.channels[channel])]);
    });
    while (focusSelect.firstChild) focusSelect.removeChild(focusSelect.firstChild);
    options.forEach(([value, label]) => {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = label;
      focusSelect.appendChild(option);
    });
    applyFocus(false);
  }
  function keeps(card, rule) {
    if (rule === "all") return true;
    if (rule === "pain") return card.kind === "pain-point" && card.severity >= 3;
    if (rule === "below") return card.below;
    if (rule.startsWith("kind:")) return card.kind === rule.slice(5);
    if (rule.startsWith("channel:")) return card.channel === rule.slice(8);
    return true;
  }
  function applyFocus(say) {
    const rule = focusSelect.value || "all";
    let shown = 0, dimmed = 0;
    active.svg.querySelectorAll(".wm-card").forEach((el) => {
      const card = active.map.cards[el.dataset.object];
      const keep = !card || keeps(card, rule);
      el.classList.toggle("wm-dim", !keep);
      if (keep) shown++; else dimmed++;
    });
    if (say) live.textContent = format(strings.focused, shown, dimmed);
  }
  focusSelect.addEventListener("change", () => applyFocus(true));

  /* ---- where a number comes from ---- */
  let popoverFor = null, pinned = false;
  function fillRows(rows) {
    const dl = $("wm-popover-rows");
    while (dl.firstChild) dl.removeChild(dl.firstChild);
    rows.forEach(([label, text]) => {
      const dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = label;
      dd.textContent = text;
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
  }
  function showPopover(badge, pin) {
    const owner = badge.closest(".wm-card, .wm-stage");
    if (!owner) return;
    const kind = owner.classList.contains("wm-stage") ? "stage" : "card";
    const value = active.map.values[kind + ":" + owner.dataset.object + ":" + badge.dataset.metric];
    const metric = data.metrics[badge.dataset.metric];
    if (!value || !metric) return;
    const title = owner.querySelector("title");
    $("wm-popover-title").textContent = metric.name + (title ? " — " + title.textContent : "");
    $("wm-popover-value").textContent = value.value + (value.rating ? " · " + value.rating : "");
    fillRows(value.rows.concat(metric.rows));
    popover.hidden = false;
    popoverFor = badge;
    pinned = pin;
    badge.setAttribute("aria-expanded", String(pin));
    const r = badge.getBoundingClientRect(), p = popover.getBoundingClientRect();
    let top = r.bottom + 8;
    if (top + p.height > window.innerHeight - 8) top = Math.max(8, r.top - p.height - 8);
    const left = Math.min(Math.max(8, r.left), window.innerWidth - p.width - 8);
    popover.style.top = top + "px";
    popover.style.left = left + "px";
    if (pin) $("wm-popover-close").focus();
  }
  let restoring = false;
  function hidePopover(restore) {
    if (popover.hidden) return;
    popover.hidden = true;
    const badge = popoverFor;
    popoverFor = null;
    pinned = false;
    if (badge) {
      badge.setAttribute("aria-expanded", "false");
      if (restore) {
        restoring = true;
        badge.focus();
        restoring = false;
      }
    }
  }
  $("wm-popover-close").addEventListener("click", () => hidePopover(true));
  popover.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { event.preventDefault(); hidePopover(true); }
  });
  popover.addEventListener("focusout", (event) => {
    if (pinned && !popover.contains(event.relatedTarget) && event.relatedTarget !== popoverFor) hidePopover(false);
  });

  /* ---- moving with the keyboard ---- */
  function navigable(view) {
    return Array.from(view.svg.querySelectorAll(".wm-card, .wm-stage, .wm-lane, .wm-emotion"));
  }
  function nearest(view, from, dx, dy) {
    const a = boxOf(view, from);
    const ax = a.x + a.w / 2, ay = a.y + a.h / 2;
    let best = null, bestScore = Infinity;
    navigable(view).forEach((el) => {
      if (el === from) return;
      const b = boxOf(view, el);
      const bx = b.x + b.w / 2, by = b.y + b.h / 2;
      const along = dx ? (bx - ax) * dx : (by - ay) * dy;
      const across = dx ? Math.abs(by - ay) : Math.abs(bx - ax);
      const gap = dx ? Math.max(0, dx > 0 ? b.x - (a.x + a.w) : a.x - (b.x + b.w))
                     : Math.max(0, dy > 0 ? b.y - (a.y + a.h) : a.y - (b.y + b.h));
      if (along <= 1) return;
      const overlap = dx ? !(b.y > a.y + a.h || b.y + b.h < a.y) : !(b.x > a.x + a.w || b.x + b.w < a.x);
      const score = gap + across * (overlap ? 0.2 : 2);
      if (score < bestScore) { bestScore = score; best = el; }
    });
    return best;
  }

  views.forEach((view) => {
    const { viewport, svg } = view;

    svg.addEventListener("focusin", (event) => {
      const el = event.target;
      reveal(view, el);
      updateRings(view);
      if (el.classList && el.classList.contains("wm-badge")) {
        el.setAttribute("aria-describedby", "wm-popover-rows");
        if (!restoring) showPopover(el, false);
      } else if (!pinned) hidePopover(false);
    });
    svg.addEventListener("focusout", (event) => {
      if (!pinned && !popover.contains(event.relatedTarget)) hidePopover(false);
      setTimeout(() => updateRings(view), 0);
    });
    svg.addEventListener("click", (event) => {
      if (view.dragged) return;
      const badge = event.target.closest(".wm-badge");
      if (badge) { badge.focus(); showPopover(badge, true); return; }
      const item = event.target.closest(".wm-card, .wm-stage, .wm-lane, .wm-emotion");
      if (item) item.focus();
    });

    viewport.addEventListener("keydown", (event) => {
      const el = event.target;
      const onItem = el !== viewport;
      const dirs = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      if (event.key in dirs && !event.altKey && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        const [dx, dy] = dirs[event.key];
        if (onItem && !el.classList.contains("wm-badge")) {
          const next = nearest(view, el, dx, dy);
          if (next) next.focus();
        } else if (onItem) {
          const owner = el.closest(".wm-card, .wm-stage");
          if (owner) owner.focus();
        } else pan(view, dx * 80, dy * 80);
      } else if ((event.key === "Enter" || event.key === " ") && onItem && el.classList.contains("wm-badge")) {
        event.preventDefault();
        showPopover(el, true);
      } else if (event.key === "Escape") {
        if (!popover.hidden) { event.preventDefault(); hidePopover(true); }
        else if (onItem) { event.preventDefault(); viewport.focus(); }
      } else if (event.key === "+" || event.key === "=") { event.preventDefault(); zoomAt(view, 1.25); }
      else if (event.key === "-") { event.preventDefault(); zoomAt(view, 0.8); }
      else if (event.key === "0") { event.preventDefault(); fit(view); }
    });

    /* Dragging pans; two fingers pinch. */
    const pointers = new Map();
    let last = null, pinch = 0, moved = 0;
    viewport.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      last = { x: event.clientX, y: event.clientY };
      moved = 0;
      view.dragged = false;
      if (pointers.size === 2) {
        const [p, q] = Array.from(pointers.values());
        pinch = Math.hypot(p.x - q.x, p.y - q.y);
      }
    });
    viewport.addEventListener("pointermove", (event) => {
      if (!pointers.has(event.pointerId)) return;
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (pointers.size === 2) {
        const [p, q] = Array.from(pointers.values());
        const d = Math.hypot(p.x - q.x, p.y - q.y);
        const r = viewport.getBoundingClientRect();
        if (pinch > 0 && d > 0) zoomAt(view, d / pinch, (p.x + q.x) / 2 - r.left, (p.y + q.y) / 2 - r.top);
        pinch = d;
        view.dragged = true;
        return;
      }
      const dx = event.clientX - last.x, dy = event.clientY - last.y;
      moved += Math.abs(dx) + Math.abs(dy);
      last = { x: event.clientX, y: event.clientY };
      if (moved > 4) {
        if (!view.dragged) viewport.setPointerCapture(event.pointerId);
        view.dragged = true;
        viewport.classList.add("wm-dragging");
        pan(view, -dx, -dy);
      }
    });
    const up = (event) => {
      pointers.delete(event.pointerId);
      pinch = 0;
      viewport.classList.remove("wm-dragging");
      setTimeout(() => { view.dragged = false; }, 0);
    };
    viewport.addEventListener("pointerup", up);
    viewport.addEventListener("pointercancel", up);
    viewport.addEventListener("wheel", (event) => {
      event.preventDefault();
      const unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? size(view).h : 1;
      if (event.ctrlKey || event.metaKey) {
        const r = viewport.getBoundingClientRect();
        zoomAt(view, Math.exp(-event.deltaY * unit * 0.002), event.clientX - r.left, event.clientY - r.top);
      } else if (event.shiftKey) pan(view, event.deltaY * unit, 0);
      else pan(view, event.deltaX * unit, event.deltaY * unit);
    }, { passive: false });
  });

  document.addEventListener("keydown", (event) => {
    const t = event.target;
    const typing = t.tagName === "INPUT" || t.tagName === "SELECT";
    if (typing) return;
    if (event.key === "PageDown") { event.preventDefault(); goStage(active, 1); }
    else if (event.key === "PageUp") { event.preventDefault(); goStage(active, -1); }
    else if (event.key === "/" && !event.ctrlKey && !event.metaKey) { event.preventDefault(); search.focus(); }
  });
  document.addEventListener("pointerdown", (event) => {
    if (pinned && !popover.contains(event.target) && !event.target.closest(".wm-badge")) hidePopover(false);
  });

  /* ---- the outline ---- */
  outlineButton.addEventListener("click", () => {
    outline.hidden = !outline.hidden;
    outlineButton.setAttribute("aria-expanded", String(!outline.hidden));
    if (active.fitted) fit(active); else apply(active);
  });
  outline.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    const target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    /* On a phone the outline covers the map: make way for the card. */
    if (window.matchMedia && window.matchMedia("(max-width: 720px)").matches) {
      outline.hidden = true;
      outlineButton.setAttribute("aria-expanded", "false");
    }
    target.focus();
  });

  /* The window, the outline or a wrapping header bar change the room the
   * map has: a fitted map or stage stays fitted. */
  const resized = () => {
    if (active.fitted) fit(active);
    else if (active.stage >= 0) goStage(active, 0);
    else apply(active);
  };
  if (window.ResizeObserver) views.forEach((view) => new ResizeObserver(() => { if (view === active) resized(); }).observe(view.viewport));
  else window.addEventListener("resize", resized);
  /* On paper, as the PDF export: each map whole, then the map in pieces
   * at a size where its smallest text is 6.5 pt, as many stages and lanes
   * on a page as fit, the lane titles and the stages' header on each. The
   * pages are copies made for the printer, gone after. */
  const PAGE_WIDTH = 735, PAGE_HEIGHT = 510;   /* points inside A4's and Letter's landscape margins, less the caption */
  const LEGIBLE = 6.5;
  let printed = null;
  function buildPrint() {
    printed = document.createElement("div");
    printed.className = "wm-print";
    printed.setAttribute("aria-hidden", "true");
    views.forEach((view) => {
      const map = view.map;
      const group = view.svg.querySelector(":scope > g[id]");
      const paper = view.svg.querySelector(":scope > rect");
      /* A page: pieces of the map [x, y, width, height], left to right in
       * rows, rows top to bottom, at @scale (0: as wide as the page). */
      const page = (caption, rows, scale) => {
        const section = document.createElement("section");
        const p = document.createElement("p");
        const svg = document.createElementNS(SVG_NS, "svg");
        const width = Math.max(...rows.map((row) => row.reduce((sum, piece) => sum + piece[2], 0)));
        const height = rows.reduce((sum, row) => sum + row[0][3], 0);
        section.className = "wm-print-page";
        p.textContent = caption;
        section.appendChild(p);
        svg.setAttribute("viewBox", "0 0 " + width + " " + height);
        if (scale > 0) {
          svg.style.width = width * scale + "pt";
          svg.style.height = height * scale + "pt";
        }
        ["font-family", "stroke-linejoin", "stroke-linecap"].forEach((name) => {
          if (view.svg.hasAttribute(name)) svg.setAttribute(name, view.svg.getAttribute(name));
        });
        let y = 0;
        rows.forEach((row) => {
          let x = 0;
          row.forEach(([sx, sy, w, h]) => {
            const piece = document.createElementNS(SVG_NS, "svg");
            piece.setAttribute("x", x);
            piece.setAttribute("y", y);
            piece.setAttribute("width", w);
            piece.setAttribute("height", h);
            piece.setAttribute("viewBox", [sx, sy, w, h].join(" "));
            if (paper) piece.appendChild(paper.cloneNode(true));
            piece.appendChild(group.cloneNode(true));
            svg.appendChild(piece);
            x += w;
          });
          y += row[0][3];
        });
        section.appendChild(svg);
        printed.appendChild(section);
      };
      page(map.title, [[[0, 0, map.width, map.height]]], 0);

      const scale = map.smallestText > 0 ? LEGIBLE / map.smallestText : 1;
      if (scale * Math.min(map.width, map.height) <= Math.min(PAGE_WIDTH, PAGE_HEIGHT) &&
          map.width * scale <= PAGE_WIDTH && map.height * scale <= PAGE_HEIGHT)
        return;   /* the whole map already reads */
      const left = map.stages.length ? map.stages[0].x : 0;
      const top = map.headerTop, band = map.headerBottom - map.headerTop;
      const stageGroups = [], laneGroups = [];
      map.stages.forEach((stage, i) => {
        const last = stageGroups[stageGroups.length - 1];
        if (last && left + last.width + stage.width <= PAGE_WIDTH / scale) {
          last.width += stage.width;
          last.to = i;
        } else stageGroups.push({ x: stage.x, width: stage.width, from: i, to: i });
      });
      map.lanes.forEach(([y, height]) => {
        const last = laneGroups[laneGroups.length - 1];
        if (last && band + last.height + height <= PAGE_HEIGHT / scale) last.height += height;
        else laneGroups.push({ y, height });
      });
      stageGroups.forEach((stages) => {
        const n = map.stages.length;
        const which = stages.from === stages.to
          ? format(strings.stage, stages.from + 1, n, map.stages[stages.from].title)
          : format(strings.stages, stages.from + 1, stages.to + 1, n);
        laneGroups.forEach((lanes) => {
          /* Too wide or tall even alone: that page comes out smaller. */
          const fit = Math.min(scale, PAGE_WIDTH / (left + stages.width), PAGE_HEIGHT / (band + lanes.height));
          page(map.title + " · " + which, [
            [[0, top, left, band], [stages.x, top, stages.width, band]],
            [[0, lanes.y, left, lanes.height], [stages.x, lanes.y, stages.width, lanes.height]],
          ], fit);
        });
      });
    });
    document.body.appendChild(printed);
  }
  window.addEventListener("beforeprint", () => { if (!printed) buildPrint(); });
  window.addEventListener("afterprint", () => {
    if (printed) printed.remove();
    printed = null;
  });
  /* Printing without the events (a headless browser's PDF) still gets the pages. */
  if (window.matchMedia) {
    const media = window.matchMedia("print");
    const changed = () => { if (media.matches && !printed) buildPrint(); };
    if (media.addEventListener) media.addEventListener("change", changed);
  }

  select(Math.max(0, views.indexOf(active)), false);
})();
