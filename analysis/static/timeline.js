/* The interactive timeline of analysis.interactive: every event account and span at its date precision, in
   lanes by kind, side or claimant, with zoom and pan, filters, a search box, details on hover and click, and
   the view kept in the page's URL (#<key>.view=...). No library, no network: it reads its data from the JSON
   block beside it and builds SVG with DOM calls, so text from the data is only ever set as text.
   The same bytes serve every chart (the report page's Content-Security-Policy allows them by their hash). */
(function () {
  "use strict";
  if (window.analysisTimeline) { window.analysisTimeline.initAll(); return; }

  var SVGNS = "http://www.w3.org/2000/svg";
  var MINUTE = 6e4, HOUR = 36e5, DAY = 864e5;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var LANE_LABEL = 190, ROW = 22, LANE_PAD = 6, AXIS = 40, R = 5.5, BAR = 8;
  var MAX_ROWS = 40, MAX_ROWS_UNLABELLED = 8, LABELS_UP_TO = 300, MIN_SPAN = HOUR, MAX_SPAN = 400 * 365.25 * DAY;
  var FONT = "12px system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

  // ------------------------------------------------------------------------------------------ helpers
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) node.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS(SVGNS, tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) node.setAttribute(k, attrs[k]);
    return node;
  }
  function pad2(n) { return (n < 10 ? "0" : "") + n; }
  function dayWords(ms) { var d = new Date(ms); return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear(); }
  function isoDay(ms) { var d = new Date(ms); return d.getUTCFullYear() + "-" + pad2(d.getUTCMonth() + 1) + "-" + pad2(d.getUTCDate()); }
  function isoMinute(ms) { var d = new Date(ms); return isoDay(ms) + "T" + pad2(d.getUTCHours()) + ":" + pad2(d.getUTCMinutes()) + "Z"; }
  function parseDay(text) { var t = Date.parse(text + "T00:00Z"); return isNaN(t) ? null : t; }
  function parseInstant(text) { var t = Date.parse(text); return isNaN(t) ? null : t; }

  // Marker shapes of the static charts (matplotlib's codes) as unit outlines, scaled once per size.
  function ring(n, inner, turn) {
    var points = [], count = inner ? 2 * n : n;
    for (var i = 0; i < count; i++) {
      var a = turn + i * 2 * Math.PI / count, r = inner && i % 2 ? inner : 1;
      points.push([r * Math.cos(a), r * Math.sin(a)]);
    }
    return points;
  }
  var W = 0.34;  // half the width of a plus's arm
  var PLUS = [[-W, -1], [W, -1], [W, -W], [1, -W], [1, W], [W, W], [W, 1], [-W, 1], [-W, W], [-1, W], [-1, -W], [-W, -W]];
  var SHAPES = {
    "s": [[-0.85, -0.85], [0.85, -0.85], [0.85, 0.85], [-0.85, 0.85]], "D": [[0, -1.15], [1.15, 0], [0, 1.15], [-1.15, 0]],
    "d": [[0, -1.15], [0.7, 0], [0, 1.15], [-0.7, 0]], "P": PLUS,
    "X": PLUS.map(function (p) { return [(p[0] - p[1]) * Math.SQRT1_2, (p[0] + p[1]) * Math.SQRT1_2]; }),
    "h": ring(6, 0, -Math.PI / 2), "p": ring(5, 0, -Math.PI / 2), "*": ring(5, 0.45, -Math.PI / 2)
  };
  var outlines = {};
  function outline(code, r) {
    var key = code + r;
    if (!outlines[key]) outlines[key] = placedOutline(code, r, 0, 0);
    return outlines[key];
  }
  function marker(code, cx, cy, r, color, hollow) {
    return svg("path", {"d": outline(code, r), "class": "tl-marker", "transform": "translate(" + cx.toFixed(1) + "," + cy.toFixed(1) + ")",
      "fill": hollow ? "#ffffff" : color, "stroke": color, "stroke-width": hollow ? 1.6 : 1});
  }
  function markerIcon(code, color, hollow) {
    var icon = svg("svg", {"width": 14, "height": 14, "viewBox": "-7 -7 14 14", "class": "tl-icon", "aria-hidden": "true"});
    icon.appendChild(marker(code, 0, 0, 5, color, hollow));
    return icon;
  }

  // ------------------------------------------------------------------------------------------ time axis
  var STEPS = [["minute", 1], ["minute", 5], ["minute", 15], ["minute", 30], ["hour", 1], ["hour", 3], ["hour", 6],
    ["hour", 12], ["day", 1], ["day", 2], ["third", 1], ["month", 1], ["month", 3], ["month", 6], ["year", 1],
    ["year", 2], ["year", 5], ["year", 10], ["year", 20], ["year", 50], ["year", 100]];
  var UNIT = {"minute": MINUTE, "hour": HOUR, "day": DAY, "third": 10 * DAY, "month": 30.44 * DAY, "year": 365.25 * DAY};

  function ticks(v0, v1, width) {
    var perPx = (v1 - v0) / width, step = STEPS[STEPS.length - 1];
    for (var i = 0; i < STEPS.length; i++) if (UNIT[STEPS[i][0]] * STEPS[i][1] / perPx >= 72) { step = STEPS[i]; break; }
    var unit = step[0], n = step[1], out = [], t, d = new Date(v0), guard = 0;
    if (unit === "minute" || unit === "hour" || unit === "day") {
      var ms = UNIT[unit] * n;
      for (t = Math.floor(v0 / ms) * ms; t <= v1 && guard++ < 500; t += ms) out.push(t);
    } else if (unit === "third") {
      for (var y = d.getUTCFullYear(), m = d.getUTCMonth(); guard++ < 500; m++) {
        var days = [1, 11, 21].map(function (day) { return Date.UTC(y, m, day); });
        out.push.apply(out, days);
        if (days[2] > v1) break;
      }
    } else if (unit === "month") {
      for (var ym = d.getUTCFullYear() * 12 + Math.floor(d.getUTCMonth() / n) * n; guard++ < 500; ym += n) {
        t = Date.UTC(Math.floor(ym / 12), ym % 12, 1);
        out.push(t);
        if (t > v1) break;
      }
    } else {
      for (var year = Math.floor(d.getUTCFullYear() / n) * n; guard++ < 500; year += n) {
        t = Date.UTC(year, 0, 1);
        out.push(t);
        if (t > v1) break;
      }
    }
    out = out.filter(function (x) { return x >= v0 && x <= v1; });
    var previous = null;
    return out.map(function (x) {
      var date = new Date(x), label, context;
      if (unit === "minute" || unit === "hour") {
        label = pad2(date.getUTCHours()) + ":" + pad2(date.getUTCMinutes());
        context = dayWords(x);
      } else if (unit === "day" || unit === "third") {
        label = date.getUTCDate() + " " + MONTHS[date.getUTCMonth()];
        context = String(date.getUTCFullYear());
      } else if (unit === "month") {
        label = MONTHS[date.getUTCMonth()];
        context = String(date.getUTCFullYear());
      } else {
        label = String(date.getUTCFullYear());
        context = "";
      }
      var shown = context !== previous ? context : "";
      previous = context;
      return {t: x, label: label, context: shown};
    });
  }

  // ------------------------------------------------------------------------------------------ the chart
  function Timeline(root, config) {
    this.root = root;
    this.config = config;
    this.items = config.items;
    this.key = config.key;
    this.styles = config.styles;  // group_by -> key -> {color, marker, label}
    this.sources = config.sources;
    this.items.forEach(function (item, i) {
      item.index = i;
      item.right = item.open ? Infinity : item.end;
    });
    this.state = {group: config.group_by, q: "", kinds: null, claimants: null, sources: null, from: null, to: null,
      view: config.view.slice(), sel: null};
    this.syncUrl = !document.querySelector(".jp-LabShell, .jp-NotebookPanel");  // a live Jupyter keeps its URL
    this.readHash();
    this.build();
    this.applyFilters();
    this.render();
    root.setAttribute("data-ready", "true");
    // Marks for benchmarks/bench_interactive.py: built and drawn, then painted (after the next frame).
    if (window.performance && performance.mark) {
      performance.mark("analysis-timeline-rendered");
      window.requestAnimationFrame(function () { setTimeout(function () { performance.mark("analysis-timeline-painted"); }, 0); });
    }
  }

  Timeline.prototype.build = function () {
    var self = this, root = this.root, uid = this.config.uid;
    var bar = el("div", {"class": "tl-controls", "role": "group", "aria-label": "Timeline controls"});
    var groupLabel = el("label", {"for": uid + "-group"}, "Lanes by ");
    this.groupSelect = el("select", {"id": uid + "-group", "class": "tl-group"});
    [["kind", "kind of event"], ["side", "side"], ["claimant", "claimant"]].forEach(function (option) {
      var node = el("option", {"value": option[0]}, option[1]);
      self.groupSelect.appendChild(node);
    });
    this.groupSelect.value = this.state.group;
    this.groupSelect.addEventListener("change", function () { self.state.group = self.groupSelect.value; self.changed(); });
    groupLabel.appendChild(this.groupSelect);
    bar.appendChild(groupLabel);

    this.search = el("input", {"type": "search", "class": "tl-search", "placeholder": "Search titles, excerpts, sources, ids",
      "aria-label": "Search the timeline"});
    this.search.value = this.state.q;
    this.search.addEventListener("input", function () { self.state.q = self.search.value; self.changed(); });
    bar.appendChild(this.search);

    var window_ = el("span", {"class": "tl-window"});
    this.fromInput = el("input", {"type": "date", "class": "tl-from", "aria-label": "First day shown"});
    this.toInput = el("input", {"type": "date", "class": "tl-to", "aria-label": "Last day shown"});
    if (this.state.from !== null) this.fromInput.value = isoDay(this.state.from);
    if (this.state.to !== null) this.toInput.value = isoDay(this.state.to);
    [this.fromInput, this.toInput].forEach(function (input) {
      input.addEventListener("change", function () {
        self.state.from = parseDay(self.fromInput.value);
        self.state.to = parseDay(self.toInput.value);
        self.applyFilters();
        self.fit();
      });
    });
    window_.appendChild(el("span", {}, "from "));
    window_.appendChild(this.fromInput);
    window_.appendChild(el("span", {}, " to "));
    window_.appendChild(this.toInput);
    bar.appendChild(window_);

    this.checklists = {};
    [["kinds", "Kinds", "kind"], ["claimants", "Claimants", "claimant"], ["sources", "Sources", "source"]].forEach(function (spec) {
      bar.appendChild(self.checklist(spec[0], spec[1], spec[2]));
    });

    var buttons = el("span", {"class": "tl-buttons"});
    [["−", "Zoom out", function () { self.zoom(2, 0.5); }], ["+", "Zoom in", function () { self.zoom(0.5, 0.5); }],
     ["Fit", "Show every item that the filters keep", function () { self.fit(); }],
     ["Reset", "Clear the filters and the search", function () { self.reset(); }]].forEach(function (spec) {
      var button = el("button", {"type": "button", "title": spec[1], "class": "tl-button"}, spec[0]);
      button.addEventListener("click", spec[2]);
      buttons.appendChild(button);
    });
    bar.appendChild(buttons);
    root.appendChild(bar);

    var statusRow = el("div", {"class": "tl-status-row"});
    this.earlier = el("button", {"type": "button", "class": "tl-edge tl-earlier"});
    this.status = el("span", {"class": "tl-status", "aria-live": "polite"});
    this.later = el("button", {"type": "button", "class": "tl-edge tl-later"});
    this.earlier.addEventListener("click", function () { self.fit(); });
    this.later.addEventListener("click", function () { self.fit(); });
    statusRow.appendChild(this.earlier);
    statusRow.appendChild(this.status);
    statusRow.appendChild(this.later);
    root.appendChild(statusRow);

    this.frame = el("div", {"class": "tl-frame"});
    this.axisSvg = svg("svg", {"class": "tl-axis", "height": AXIS});
    this.scroll = el("div", {"class": "tl-scroll", "tabindex": "0",
      "aria-label": "Timeline: Ctrl and the wheel, or + and -, zoom; drag, Shift and the wheel, or the arrow keys pan; " +
        "Escape clears the selection"});
    this.svg = svg("svg", {"class": "tl-lanes", "role": "img", "aria-label": this.config.title || "Timeline"});
    this.defs = svg("defs", {});
    this.svg.appendChild(this.defs);
    this.scroll.appendChild(this.svg);
    this.frame.appendChild(this.axisSvg);
    this.frame.appendChild(this.scroll);
    this.tooltip = el("div", {"class": "tl-tooltip", "role": "tooltip", "hidden": ""});
    this.frame.appendChild(this.tooltip);
    root.appendChild(this.frame);

    this.legend = el("div", {"class": "tl-legend"});
    root.appendChild(this.legend);
    this.details = el("div", {"class": "tl-details", "aria-live": "polite"});
    root.appendChild(this.details);

    this.bindPointer();
  };

  Timeline.prototype.checklist = function (name, title, field) {
    var self = this, values = this.config.filters[name];
    var box = el("details", {"class": "tl-checklist tl-" + name});
    var summary = el("summary", {}, title);
    box.appendChild(summary);
    var all = el("button", {"type": "button", "class": "tl-all"}, "all");
    var none = el("button", {"type": "button", "class": "tl-none"}, "none");
    var inputs = [];
    function update() {
      var chosen = inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
      self.state[name] = chosen.length === inputs.length ? null : new Set(chosen);
      self.changed();
    }
    all.addEventListener("click", function () { inputs.forEach(function (i) { i.checked = true; }); update(); });
    none.addEventListener("click", function () { inputs.forEach(function (i) { i.checked = false; }); update(); });
    var head = el("div", {"class": "tl-checklist-head"});
    head.appendChild(all);
    head.appendChild(none);
    box.appendChild(head);
    values.forEach(function (value) {
      var label = el("label", {"class": "tl-check"});
      var input = el("input", {"type": "checkbox", "value": value.key, "data-field": field});
      input.checked = self.state[name] === null || self.state[name].has(value.key);
      input.addEventListener("change", update);
      inputs.push(input);
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + value.label + " (" + value.count + ")"));
      box.appendChild(label);
    });
    this.checklists[name] = {box: box, summary: summary, inputs: inputs, title: title};
    return box;
  };

  Timeline.prototype.refreshChecklists = function () {
    for (var name in this.checklists) {
      var list = this.checklists[name], chosen = this.state[name];
      list.inputs.forEach(function (input) { input.checked = chosen === null || chosen.has(input.value); });
      var n = list.inputs.filter(function (i) { return i.checked; }).length;
      list.summary.textContent = list.title + (chosen === null ? " (all)" : " (" + n + " of " + list.inputs.length + ")");
    }
  };

  // What the search box reads of an item: its id, title, date words, excerpt, claimant, kind, source and figures.
  Timeline.prototype.haystack = function (item) {
    if (item.haystack === undefined) {
      var source = this.sources[item.source] || {};
      item.haystack = [item.id, item.title, item.when, item.excerpt, item.claimant, item.kind.replace(/_/g, " "),
        source.publisher || "", (item.figures || []).map(function (f) { return f.text + " " + f.id; }).join(" ")]
        .join(" \u0001 ").toLowerCase();
    }
    return item.haystack;
  };

  Timeline.prototype.applyFilters = function () {
    var self = this, s = this.state, q = s.q.trim().toLowerCase(), words = q ? q.split(/\s+/) : [];
    var to = s.to === null ? Infinity : s.to + DAY;
    this.shown = this.items.filter(function (item) {
      if (s.kinds && !s.kinds.has(item.kind)) return false;
      if (s.claimants && !s.claimants.has(item.claimant)) return false;
      if (s.sources && !s.sources.has(item.source)) return false;
      if (s.from !== null && item.right <= s.from) return false;
      if (item.start >= to) return false;
      for (var i = 0; i < words.length; i++) if (self.haystack(item).indexOf(words[i]) < 0) return false;
      return true;
    });
    this.refreshChecklists();
  };

  Timeline.prototype.changed = function () {
    this.applyFilters();
    this.render();
  };

  Timeline.prototype.reset = function () {
    var s = this.state;
    s.q = ""; s.kinds = s.claimants = s.sources = null; s.from = s.to = null;
    this.search.value = ""; this.fromInput.value = ""; this.toInput.value = "";
    this.applyFilters();
    this.fit();
  };

  Timeline.prototype.fit = function () {
    var events = this.shown.filter(function (item) { return item.type === "event"; });
    var pool = events.length ? events : this.shown;
    if (!pool.length) { this.render(); return; }
    var lo = Math.min.apply(null, pool.map(function (i) { return i.start; }));
    var hi = Math.max.apply(null, pool.map(function (i) { return i.open ? i.solid1 : i.end; }));
    if (this.state.from !== null) lo = Math.max(lo, this.state.from);
    if (this.state.to !== null) hi = Math.min(hi, this.state.to + DAY);
    var margin = Math.max((hi - lo) * 0.04, DAY);
    this.state.view = [lo - margin, hi + margin];
    this.render();
  };

  Timeline.prototype.zoom = function (factor, at) {
    var v = this.state.view, span = v[1] - v[0], next = Math.min(Math.max(span * factor, MIN_SPAN), MAX_SPAN);
    var pivot = v[0] + span * at;
    this.state.view = [pivot - (pivot - v[0]) * next / span, pivot + (v[1] - pivot) * next / span];
    this.scheduleRender();
  };

  Timeline.prototype.scheduleRender = function () {
    var self = this;
    if (this.pending) return;
    this.pending = window.requestAnimationFrame(function () { self.pending = null; self.render(); });
  };

  Timeline.prototype.bindPointer = function () {
    var self = this, drag = null;
    // Ctrl (or a pinch) and the wheel zoom, Shift or a sideways wheel pans; a plain wheel scrolls the page as usual.
    this.scroll.addEventListener("wheel", function (event) {
      if (event.ctrlKey || event.metaKey) {
        var box = self.svg.getBoundingClientRect(), at = (event.clientX - box.left - LANE_LABEL) / self.plotWidth;
        self.zoom(Math.exp(event.deltaY * 0.0015), Math.min(Math.max(at, 0), 1));
      } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        var v = self.state.view, per = (v[1] - v[0]) / self.plotWidth, delta = event.deltaX || event.deltaY;
        self.state.view = [v[0] + delta * per, v[1] + delta * per];
        self.scheduleRender();
      } else {
        return;
      }
      event.preventDefault();
    }, {passive: false});
    this.svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      drag = {x: event.clientX, view: self.state.view.slice(), moved: false};
    });
    window.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var dx = event.clientX - drag.x;
      if (Math.abs(dx) > 3) drag.moved = true;
      if (!drag.moved) return;
      var per = (drag.view[1] - drag.view[0]) / self.plotWidth;
      self.state.view = [drag.view[0] - dx * per, drag.view[1] - dx * per];
      self.hideTooltip();
      self.scheduleRender();
    });
    window.addEventListener("pointerup", function () { setTimeout(function () { drag = null; }, 0); });
    function under(event) {  // the item under the pointer: its element, or by position in the dense drawing
      var target = event.target.closest ? event.target.closest(".tl-item") : null;
      if (target) return self.items[Number(target.getAttribute("data-index"))];
      return self.dense ? self.hit(event) : null;
    }
    this.svg.addEventListener("click", function (event) {
      if (drag && drag.moved) return;
      var item = under(event);
      self.select(item ? item.id : null);
    });
    this.svg.addEventListener("mousemove", function (event) {
      if (drag && drag.moved) return;
      var item = under(event);
      if (!item) self.hideTooltip();
      else if (self.tooltip.hidden || self.tooltip.getAttribute("data-id") !== item.id) self.showTooltip(item, event);
    });
    this.svg.addEventListener("mouseleave", function () { self.hideTooltip(); });
    window.addEventListener("resize", function () { self.scheduleRender(); });
    this.root.addEventListener("keydown", function (event) {
      if (event.target.tagName === "INPUT" || event.target.tagName === "SELECT") return;
      if (event.key === "+" || event.key === "=") self.zoom(0.5, 0.5);
      else if (event.key === "-") self.zoom(2, 0.5);
      else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        var v = self.state.view, shift = (v[1] - v[0]) * 0.2 * (event.key === "ArrowLeft" ? -1 : 1);
        self.state.view = [v[0] + shift, v[1] + shift];
        self.scheduleRender();
      } else if (event.key === "Escape") self.select(null);
      else return;
      event.preventDefault();
    });
  };

  // ------------------------------------------------------------------------------------------ drawing
  Timeline.prototype.style = function (item) {
    var table = this.styles[this.state.group], key = item[this.state.group];
    return table[key] || {color: "#999999", marker: "d", label: key};
  };

  Timeline.prototype.paint = function (kind, color) {
    // One hatch pattern and one fade gradient per colour, made when first needed.
    this.paints = this.paints || {};
    var id = this.config.uid + "-" + kind + "-" + color.replace("#", "");
    if (!this.paints[id]) {
      var node;
      if (kind === "hatch") {
        node = svg("pattern", {"id": id, "patternUnits": "userSpaceOnUse", "width": 6, "height": 6, "patternTransform": "rotate(45)"});
        node.appendChild(svg("rect", {"width": 6, "height": 6, "fill": color, "fill-opacity": 0.18}));
        node.appendChild(svg("line", {"x1": 0, "y1": 0, "x2": 0, "y2": 6, "stroke": color, "stroke-width": 2.2}));
      } else {
        node = svg("linearGradient", {"id": id, "x1": 0, "x2": 1, "y1": 0, "y2": 0});
        node.appendChild(svg("stop", {"offset": 0, "stop-color": color, "stop-opacity": 0.85}));
        node.appendChild(svg("stop", {"offset": 1, "stop-color": color, "stop-opacity": 0.06}));
      }
      this.defs.appendChild(node);
      this.paints[id] = true;
    }
    return "url(#" + id + ")";
  };

  Timeline.prototype.textWidth = function (text) {
    if (!Timeline.context) { Timeline.context = document.createElement("canvas").getContext("2d"); }
    Timeline.context.font = FONT;
    return Timeline.context.measureText(text).width;
  };

  // The label cut at a word or character to `room` pixels, with an ellipsis ("Held by Armenian forces…").
  Timeline.prototype.fitText = function (label, room) {
    if (this.textWidth(label) <= room) return label;
    var lo = 0, hi = label.length;
    while (lo < hi) {  // the longest start that fits with its ellipsis
      var mid = (lo + hi + 1) >> 1;
      if (this.textWidth(label.slice(0, mid).trimEnd() + "\u2026") <= room) lo = mid; else hi = mid - 1;
    }
    return lo ? label.slice(0, lo).trimEnd() + "\u2026" : "";
  };

  Timeline.prototype.render = function () {
    var self = this, s = this.state, v = s.view;
    var width = Math.max(this.frame.clientWidth || this.root.clientWidth || 900, 420);
    this.plotWidth = width - LANE_LABEL - 16;
    var scale = this.plotWidth / (v[1] - v[0]), left = LANE_LABEL;
    function x(t) { return left + (t - v[0]) * scale; }
    var plotRight = left + this.plotWidth;
    var visible = this.shown.filter(function (item) { return item.right >= v[0] && item.start <= v[1]; });
    var labels = visible.length <= LABELS_UP_TO;

    // Lanes: one per group that the filters keep, in the group's order; rows packed greedily by first fit.
    var order = this.config.order[s.group], lanes = {}, laneList = [];
    this.shown.forEach(function (item) {
      var key = item[s.group];
      if (!lanes[key]) { lanes[key] = {key: key, rows: [], items: []}; }
    });
    order.forEach(function (key) { if (lanes[key]) laneList.push(lanes[key]); });
    visible.forEach(function (item) {
      var lane = lanes[item[s.group]], a, b;
      if (item.type === "span") { a = x(item.start); b = item.open ? plotRight : x(item.end); }
      else if (item.mark === "band") { a = x(item.start); b = Math.max(x(item.end), a + 4); }
      else { var c = x(item.mark === "instant" ? item.start : (item.start + item.end) / 2); a = c - R - 1; b = c + R + 1; }
      var labelLeft = Math.max(b, left) + 4, right = b, anchor = "start";
      if (labels) {
        item.labelWidth = item.labelWidth || self.textWidth(item.label);
        right = labelLeft + item.labelWidth;
        var text = item.label;
        if (right > plotRight) {  // no room after it: before it, else cut to the side with more room
          var before = Math.min(a, plotRight) - 4 - left, after = plotRight - labelLeft;
          if (item.labelWidth > before) text = self.fitText(item.label, Math.max(before, after));
          if (!text) {  // no room beside it (a span over the whole view): over its own bar, from its visible start
            labelLeft = Math.max(a, left) + 4;
            text = self.fitText(item.label, plotRight - labelLeft);
            right = labelLeft + self.textWidth(text);
          } else if (item.labelWidth <= before || before > after) {
            labelLeft = Math.min(a, plotRight) - 4;
            anchor = "end";
            right = b;
            a = labelLeft - self.textWidth(text);
          } else {
            right = labelLeft + self.textWidth(text);
          }
        }
      }
      var row = -1;
      for (var r = 0; r < lane.rows.length; r++) if (lane.rows[r] + 6 <= a) { row = r; break; }
      if (row < 0 && lane.rows.length < (labels ? MAX_ROWS : MAX_ROWS_UNLABELLED)) { row = lane.rows.length; lane.rows.push(-Infinity); }
      if (row < 0) { row = lane.rows.indexOf(Math.min.apply(null, lane.rows)); }
      lane.rows[row] = Math.max(lane.rows[row], right);
      lane.items.push({item: item, row: row, a: anchor === "end" ? labelLeft + 4 : a, b: b, labelLeft: labelLeft, anchor: anchor,
        text: labels ? text : item.label});
    });

    // The SVG, rebuilt: lanes, grid, items; labels where there is room to read them.
    while (this.svg.lastChild !== this.defs) this.svg.removeChild(this.svg.lastChild);
    var ts = ticks(v[0], v[1], this.plotWidth), y = 0, body = svg("g", {"class": "tl-body"});
    laneList.forEach(function (lane, n) {
      var rows = Math.max(lane.rows.length, 1), height = rows * ROW + 2 * LANE_PAD, style = self.styles[s.group][lane.key] || {};
      var group = svg("g", {"class": "tl-lane", "data-lane": lane.key, "transform": "translate(0," + y + ")"});
      group.appendChild(svg("rect", {"x": 0, "y": 0, "width": width, "height": height, "class": n % 2 ? "tl-lane-bg tl-odd" : "tl-lane-bg"}));
      group.appendChild(marker(style.marker || "d", 10, LANE_PAD + ROW / 2, 4.5, style.color || "#999999", false));
      var name = svg("text", {"x": 20, "y": LANE_PAD + ROW / 2 + 4, "class": "tl-lane-label"});
      name.textContent = style.label || lane.key;
      group.appendChild(name);
      lane.top = y;
      if (labels) {
        lane.items.forEach(function (placed) { group.appendChild(self.drawItem(placed, LANE_PAD + placed.row * ROW + ROW / 2, x, plotRight, labels)); });
      } else {
        self.drawDense(group, lane, x, plotRight);
      }
      body.appendChild(group);
      y += height;
    });
    this.lanes = laneList;
    this.dense = !labels;
    var grid = svg("g", {"class": "tl-grid"});
    ts.forEach(function (tick) { grid.appendChild(svg("line", {"x1": x(tick.t), "x2": x(tick.t), "y1": 0, "y2": Math.max(y, 40)})); });
    this.svg.appendChild(grid);
    this.svg.appendChild(body);
    if (!laneList.length) {
      var empty = svg("text", {"x": left + 8, "y": 26, "class": "tl-empty"});
      empty.textContent = "No item matches the filters.";
      this.svg.appendChild(empty);
    }
    this.svg.setAttribute("width", width);
    this.svg.setAttribute("height", Math.max(y, 40));
    this.svg.setAttribute("data-view-start", v[0]);
    this.svg.setAttribute("data-view-end", v[1]);
    this.svg.setAttribute("data-plot-left", left);
    this.svg.setAttribute("data-plot-width", this.plotWidth);
    this.drawAxis(ts, x, width);

    var before = this.shown.filter(function (i) { return i.right < v[0]; }).length;
    var after = this.shown.filter(function (i) { return i.start > v[1]; }).length;
    this.earlier.hidden = !before;
    this.later.hidden = !after;
    this.earlier.textContent = "◀ " + before + " earlier";
    this.later.textContent = after + " later ▶";
    this.earlier.title = this.later.title = "Fit every item the filters keep";
    this.status.textContent = this.shown.length + " of " + this.items.length + " items match the filters; " +
      visible.length + " in view, " + dayWords(v[0]) + " – " + dayWords(v[1]) + " (UTC)." +
      (labels ? "" : " Zoom in or filter to read the labels.") + " Ctrl+wheel or +/− zooms; drag pans.";
    this.root.setAttribute("data-drawn", visible.length);
    this.root.setAttribute("data-shown", this.shown.length);
    this.drawLegend(visible);
    if (s.sel && !this.detailsFor) this.select(s.sel, true);
    this.writeHash();
  };

  Timeline.prototype.drawItem = function (placed, cy, x, plotRight, labels) {
    var item = placed.item, style = this.style(item), color = style.color;
    var g = svg("g", {"class": "tl-item tl-" + item.type + (item.id === this.state.sel ? " tl-selected" : ""),
      "data-id": item.id, "data-index": item.index, "tabindex": "-1"});
    var shapes = g, left = LANE_LABEL, a = placed.a, b = placed.b;
    function clamp(at) { return Math.min(Math.max(at, left), plotRight); }  // the plot's edges clip every bar
    function rect(x0, x1, fill, cls, extra) {
      x0 = clamp(x0); x1 = clamp(x1);
      if (x1 - x0 <= 0) return;
      var node = svg("rect", {"x": x0.toFixed(1), "y": cy - BAR / 2, "width": (x1 - x0).toFixed(1), "height": BAR, "fill": fill, "class": cls});
      for (var k in extra || {}) node.setAttribute(k, extra[k]);
      shapes.appendChild(node);
    }
    function arrow(at, pointsRight, cls) {
      var d = pointsRight ? "M" + (at - 8) + "," + (cy - 7) + "L" + at + "," + cy + "L" + (at - 8) + "," + (cy + 7) + "Z"
                          : "M" + (at + 8) + "," + (cy - 7) + "L" + at + "," + cy + "L" + (at + 8) + "," + (cy + 7) + "Z";
      g.appendChild(svg("path", {"d": d, "fill": color, "class": cls}));
    }
    if (item.type === "span") {
      var x0 = x(item.start), s0 = x(item.solid0), s1 = x(item.solid1), x1 = x(item.end);
      if (item.coarse_start) rect(x0, s0, this.paint("hatch", color), "tl-hatch tl-start");
      if (item.open) {
        var solidEnd = Math.min(s1, plotRight);
        rect(s0, solidEnd, color, "tl-solid", {"fill-opacity": 0.85});
        if (s1 < plotRight) rect(s1, plotRight, this.paint("fade", color), "tl-fade");
        arrow(plotRight, true, "tl-arrow tl-open-end");  // no end stated: it runs to the edge, whatever the zoom
      } else {
        rect(s0, s1, color, "tl-solid", {"fill-opacity": 0.85});
        if (item.coarse_end) rect(s1, x1, this.paint("hatch", color), "tl-hatch tl-end");
        if (x1 > plotRight) arrow(plotRight, true, "tl-arrow tl-runs-on");
      }
      if (x0 < left) arrow(left, false, "tl-arrow tl-runs-before");
    } else if (item.mark === "band") {
      var b0 = clamp(a), b1 = Math.max(clamp(b), b0 + 4);
      g.appendChild(svg("rect", {"x": b0.toFixed(1), "y": cy - BAR / 2 - 1, "width": (b1 - b0).toFixed(1), "height": BAR + 2,
        "fill": color, "fill-opacity": 0.2, "stroke": color, "stroke-width": 1, "class": "tl-band"}));
      g.appendChild(marker(style.marker, clamp((a + b) / 2), cy, R - 1, color, item.hollow));
    } else {
      var c = (a + b) / 2;
      if (item.mark === "day" && x(item.end) - x(item.start) > 6 * R) {  // zoomed in: the whole day it may be
        rect(x(item.start), x(item.end), color, "tl-day", {"fill-opacity": 0.12});
      }
      if (c >= left - R && c <= plotRight + R) g.appendChild(marker(style.marker, c, cy, R, color, item.hollow));
    }
    if (labels) {
      var text = svg("text", {"x": placed.labelLeft.toFixed(1), "y": cy + 4, "class": "tl-label", "text-anchor": placed.anchor});
      text.textContent = placed.text;
      if (placed.text !== item.label) {  // cut to the room it has: the whole label on hover, and in the card
        var whole = svg("title", {});
        whole.textContent = item.label;
        text.appendChild(whole);
      }
      g.appendChild(text);
    }
    return g;
  };

  // Many items in view: one path per colour, shape and fill for all their markers and bands (a few hundred
  // elements instead of tens of thousands), spans as usual; the pointer finds items by position (`hit`).
  Timeline.prototype.drawDense = function (group, lane, x, plotRight) {
    var self = this, buckets = {}, order = [];
    function add(key, attrs, d) {
      if (!buckets[key]) { buckets[key] = {attrs: attrs, parts: []}; order.push(key); }
      buckets[key].parts.push(d);
    }
    lane.items.forEach(function (placed) {
      var item = placed.item, cy = LANE_PAD + placed.row * ROW + ROW / 2;
      if (item.type === "span") { group.appendChild(self.drawItem(placed, cy, x, plotRight, false)); return; }
      var style = self.style(item), color = style.color, r = item.mark === "band" ? R - 1 : R, c;
      if (item.mark === "band") {
        var b0 = Math.max(placed.a, LANE_LABEL), b1 = Math.max(Math.min(placed.b, plotRight), b0 + 4);
        add("band" + color, {"fill": color, "fill-opacity": 0.2, "stroke": color, "stroke-width": 1, "class": "tl-band"},
            "M" + b0.toFixed(1) + "," + (cy - BAR / 2 - 1) + "H" + b1.toFixed(1) + "v" + (BAR + 2) + "H" + b0.toFixed(1) + "Z");
        c = (b0 + b1) / 2;
      } else {
        c = x(item.mark === "instant" ? item.start : (item.start + item.end) / 2);
        if (c < LANE_LABEL - R || c > plotRight + R) return;
      }
      add("marker" + color + style.marker + r + (item.hollow ? "h" : ""), {"fill": item.hollow ? "#ffffff" : color, "stroke": color,
        "stroke-width": item.hollow ? 1.6 : 1, "class": "tl-marker"}, placedOutline(style.marker, r, c, cy));
    });
    order.forEach(function (key) {
      var attrs = buckets[key].attrs;
      attrs.d = buckets[key].parts.join("");
      group.appendChild(svg("path", attrs));
    });
  };

  function placedOutline(code, r, cx, cy) {  // an outline at (cx, cy), in absolute coordinates
    var points = SHAPES[code];
    if (!points) {
      return "M" + (cx + r).toFixed(1) + "," + cy.toFixed(1) + "A" + r + "," + r + " 0 1,1 " + (cx - r).toFixed(1) + "," + cy.toFixed(1) +
        "A" + r + "," + r + " 0 1,1 " + (cx + r).toFixed(1) + "," + cy.toFixed(1) + "Z";
    }
    return "M" + points.map(function (p) { return (cx + p[0] * r).toFixed(1) + "," + (cy + p[1] * r).toFixed(1); }).join("L") + "Z";
  }

  Timeline.prototype.hit = function (event) {
    // The item under the pointer in the dense drawing: its lane and row by height, then the nearest glyph.
    var box = this.svg.getBoundingClientRect(), px = event.clientX - box.left, py = event.clientY - box.top;
    var lane = (this.lanes || []).filter(function (l) { return py >= l.top; }).pop();
    if (!lane) return null;
    var row = Math.floor((py - lane.top - LANE_PAD) / ROW), best = null, distance = 8;
    lane.items.forEach(function (placed) {
      if (placed.row !== row) return;
      var d = px < placed.a ? placed.a - px : px > placed.b ? px - placed.b : 0;
      if (d < distance || (d === 0 && best && placed.b - placed.a < best.b - best.a)) { distance = d; best = placed; }
    });
    return best ? best.item : null;
  };

  Timeline.prototype.drawAxis = function (ts, x, width) {
    var axis = this.axisSvg;
    while (axis.firstChild) axis.removeChild(axis.firstChild);
    axis.setAttribute("width", width);
    var name = svg("text", {"x": 4, "y": 16, "class": "tl-axis-note"});
    name.textContent = "dates in UTC";
    axis.appendChild(name);
    ts.forEach(function (tick) {
      var at = x(tick.t), g = svg("g", {"class": "tl-tick", "data-t": tick.t});
      g.appendChild(svg("line", {"x1": at, "x2": at, "y1": AXIS - 8, "y2": AXIS}));
      var label = svg("text", {"x": at + 3, "y": AXIS - 11, "class": "tl-tick-label"});
      label.textContent = tick.label;
      g.appendChild(label);
      if (tick.context) {
        var context = svg("text", {"x": at + 3, "y": 13, "class": "tl-tick-context"});
        context.textContent = tick.context;
        g.appendChild(context);
      }
      axis.appendChild(g);
    });
  };

  Timeline.prototype.drawLegend = function (visible) {
    var self = this, legend = this.legend, s = this.state;
    while (legend.firstChild) legend.removeChild(legend.firstChild);
    var shown = {};
    this.shown.forEach(function (item) { shown[item[s.group]] = true; });
    var entries = el("div", {"class": "tl-legend-groups"});
    this.config.order[s.group].forEach(function (key) {
      if (!shown[key]) return;
      var style = self.styles[s.group][key], entry = el("span", {"class": "tl-legend-entry"});
      entry.appendChild(markerIcon(style.marker, style.color, false));
      entry.appendChild(document.createTextNode(" " + style.label));
      entries.appendChild(entry);
    });
    legend.appendChild(entries);
    var used = {hollow: false, band: false, hatch: false, open: false, day: false};
    this.shown.forEach(function (i) {
      if (i.hollow) used.hollow = true;
      if (i.mark === "band") used.band = true;
      if (i.coarse_start || i.coarse_end) used.hatch = true;
      if (i.open) used.open = true;
      if (i.mark === "day") used.day = true;
    });
    var key = el("div", {"class": "tl-legend-key"});
    function entry(cls, text) { key.appendChild(el("span", {"class": "tl-key " + cls}, text)); }
    if (used.day) entry("tl-key-day", "filled marker: the day it happened (a light band over the day when zoomed in)");
    if (used.hollow) entry("tl-key-hollow", "hollow marker: the date it was reported or planned for, or a bound ('by', 'before'), not the day it happened");
    if (used.band) entry("tl-key-band", "band: a date known only to part of a month, a month, a year or a decade");
    if (used.hatch) entry("tl-key-hatch", "hatched: a span's start or end known only to the month, year or decade");
    if (used.open) entry("tl-key-open", "fading to the edge, arrow: no end stated, only a lower bound");
    entry("tl-key-edge", "arrow at the edge: the span runs on beyond the view");
    legend.appendChild(key);
  };

  // ------------------------------------------------------------------------------------------ details
  Timeline.prototype.card = function (item) {
    var card = el("div", {"class": "tl-card"}), source = this.sources[item.source] || {};
    var style = this.style(item);
    var head = el("div", {"class": "tl-card-title"});
    head.appendChild(markerIcon(style.marker, style.color, item.hollow));
    head.appendChild(el("strong", {}, " " + item.title));
    card.appendChild(head);
    card.appendChild(el("div", {"class": "tl-when"}, item.when));
    (item.notes || []).forEach(function (note) { card.appendChild(el("div", {"class": "tl-note"}, note)); });
    var meta = [item.kind.replace(/_/g, " "), (item.claimant_is_source ? "in the source's own voice" : "said by " + item.claimant)];
    if (item.side_words) meta.push(item.side_words);
    card.appendChild(el("div", {"class": "tl-meta"}, meta.join(" · ")));
    card.appendChild(el("blockquote", {"class": "tl-excerpt"}, item.excerpt));
    var line = el("div", {"class": "tl-source"});
    line.appendChild(document.createTextNode("Source: "));
    if (source.url) {
      line.appendChild(el("a", {"href": source.url, "target": "_blank", "rel": "noopener noreferrer"}, source.publisher));
    } else {
      line.appendChild(el("span", {}, source.publisher));
    }
    line.appendChild(document.createTextNode(", “" + source.title + "”, " + source.published));
    card.appendChild(line);
    if (item.figures && item.figures.length) {
      card.appendChild(el("div", {"class": "tl-figures-head"}, "Figures of this event:"));
      var list = el("ul", {"class": "tl-figures"});
      item.figures.forEach(function (figure) {
        var li = el("li", {}, figure.text + " ");
        li.appendChild(el("code", {"class": "tl-paste"}, figure.paste));
        list.appendChild(li);
      });
      card.appendChild(list);
    }
    var paste = el("div", {"class": "tl-id"});
    paste.appendChild(document.createTextNode("In a brief template: "));
    item.paste.forEach(function (text, i) {
      if (i) paste.appendChild(document.createTextNode(", "));
      paste.appendChild(el("code", {"class": "tl-paste"}, text));
    });
    card.appendChild(paste);
    return card;
  };

  Timeline.prototype.showTooltip = function (item, event) {
    var tip = this.tooltip, frame = this.frame.getBoundingClientRect();
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    tip.appendChild(this.card(item));
    tip.hidden = false;
    tip.setAttribute("data-id", item.id);
    var left = event.clientX - frame.left + 14, top = event.clientY - frame.top + 14;
    var width = Math.min(460, frame.width - 20);
    if (left + width > frame.width) left = Math.max(event.clientX - frame.left - width - 14, 4);
    tip.style.left = left + "px";
    tip.style.top = top + "px";
    tip.style.maxWidth = width + "px";
  };

  Timeline.prototype.hideTooltip = function () { this.tooltip.hidden = true; };

  Timeline.prototype.select = function (id, quiet) {
    this.state.sel = id;
    var item = id === null ? null : this.items.find(function (i) { return i.id === id; });
    while (this.details.firstChild) this.details.removeChild(this.details.firstChild);
    this.detailsFor = item ? item.id : null;
    if (item) {
      var head = el("div", {"class": "tl-details-head"}, "Selected (click another item, or press Escape to clear):");
      this.details.appendChild(head);
      this.details.appendChild(this.card(item));
    }
    var selected = this.svg.querySelectorAll(".tl-selected");
    for (var i = 0; i < selected.length; i++) selected[i].classList.remove("tl-selected");
    if (item) {
      var node = this.svg.querySelector('.tl-item[data-index="' + item.index + '"]');
      if (node) node.classList.add("tl-selected");
    }
    if (!quiet) this.writeHash();
  };

  // ------------------------------------------------------------------------------------------ the URL
  Timeline.prototype.readHash = function () {
    if (!this.syncUrl) return;
    var params = new URLSearchParams(window.location.hash.slice(1)), p = this.key + ".", s = this.state;
    function get(name) { return params.get(p + name); }
    function set(name) { var v = get(name); return v === null ? null : new Set(v ? v.split("|") : []); }
    if (["kind", "side", "claimant"].indexOf(get("group")) >= 0) s.group = get("group");
    if (get("q") !== null) s.q = get("q");
    s.kinds = set("kinds"); s.claimants = set("claimants"); s.sources = set("sources");
    if (get("from")) s.from = parseDay(get("from"));
    if (get("to")) s.to = parseDay(get("to"));
    var view = (get("view") || "").split("~");
    if (view.length === 2) {
      var a = parseInstant(view[0]), b = parseInstant(view[1]);
      if (a !== null && b !== null && b - a >= MIN_SPAN / 2) s.view = [a, b];
    }
    if (get("sel")) s.sel = get("sel");
  };

  Timeline.prototype.writeHash = function () {
    if (!this.syncUrl) return;
    var params = new URLSearchParams(window.location.hash.slice(1)), p = this.key + ".", s = this.state;
    ["group", "q", "kinds", "claimants", "sources", "from", "to", "view", "sel"].forEach(function (n) { params.delete(p + n); });
    if (s.group !== this.config.group_by) params.set(p + "group", s.group);
    if (s.q) params.set(p + "q", s.q);
    ["kinds", "claimants", "sources"].forEach(function (name) {
      if (s[name]) params.set(p + name, Array.from(s[name]).sort().join("|"));
    });
    if (s.from !== null) params.set(p + "from", isoDay(s.from));
    if (s.to !== null) params.set(p + "to", isoDay(s.to));
    params.set(p + "view", isoMinute(s.view[0]) + "~" + isoMinute(s.view[1]));
    if (s.sel) params.set(p + "sel", s.sel);
    var hash = "#" + params.toString();
    if (hash !== window.location.hash) {
      try { window.history.replaceState(window.history.state, "", hash); } catch (error) { this.syncUrl = false; }
    }
  };

  // ------------------------------------------------------------------------------------------ start
  function initAll() {
    var roots = document.querySelectorAll(".analysis-timeline:not([data-ready])");
    for (var i = 0; i < roots.length; i++) {
      var root = roots[i], block = root.querySelector("script.analysis-timeline-data");
      if (!block) continue;
      root.setAttribute("data-ready", "starting");
      var fallback = root.querySelector(".analysis-timeline-fallback");
      if (fallback) fallback.parentNode.removeChild(fallback);
      try {
        var chart = new Timeline(root, JSON.parse(block.textContent));
        window.analysisTimeline.charts.push(chart);
      } catch (error) {
        root.setAttribute("data-ready", "failed");
        root.appendChild(el("p", {"class": "tl-error"}, "The interactive timeline could not start: " + error));
        throw error;
      }
    }
  }
  window.analysisTimeline = {initAll: initAll, charts: [], version: 1};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
