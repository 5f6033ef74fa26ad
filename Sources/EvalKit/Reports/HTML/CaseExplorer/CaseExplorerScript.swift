extension CaseExplorer {
    /// The page's only script: reads the JSON blocks, then draws the filters, the search box and one page of cases at a
    /// time, building a case's details only when it is opened, so a run of 10,000 cases opens in about a second.
    ///
    /// Every piece of data reaches the page through `textContent` and `createElement`, never as markup. The text
    /// contains neither `</` nor `<!--`, so it cannot end its element, and the page allows exactly these bytes to run (its hash is in
    /// the Content-Security-Policy).
    static let script = #"""
    (function () {
      "use strict";
      var PAGE = 100;
      function byId(id) { return document.getElementById(id); }
      function el(tag, cls, text) {
        var node = document.createElement(tag);
        if (cls) node.className = cls;
        if (text !== undefined && text !== null) node.textContent = String(text);
        return node;
      }
      function add(parent, child) { parent.appendChild(child); return child; }
      function fmt(n) { return n.toLocaleString("en-US"); }
      function kb(bytes) { return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB"; }

      var meta = JSON.parse(byId("explorer-meta").textContent);
      var notes = JSON.parse(byId("explorer-notes").textContent);
      var cases = [];
      var blocks = document.querySelectorAll("script.explorer-cases");
      for (var b = 0; b < blocks.length; b++) {
        var part = JSON.parse(blocks[b].textContent);
        for (var p = 0; p < part.length; p++) cases.push(part[p]);
      }
      var against = meta.mode === "against";
      var LABEL = { passed: "pass", failed: "fail", error: "error", skipped: "skipped" };

      function sideOutput(entry, side) {
        var s = side === "a" ? entry.a : entry.b;
        if (!s) return null;
        if (!entry.d) {
          if (side === "b" && entry.same) s = entry.a;
          return s.out === undefined ? null : s.out;
        }
        var text = "";
        for (var i = 0; i < entry.d.length; i++) {
          var k = entry.d[i][0];
          if (k === 0 || (side === "a" && k === 1) || (side === "b" && k === -1)) text += entry.d[i][1];
        }
        return text;
      }
      function runStatus(entry) { return against ? (entry.a ? entry.a.st : "absent") : entry.st; }
      function pairKind(entry) {
        if (entry.k === undefined) {
          var outputChanged = sideOutput(entry, "a") !== sideOutput(entry, "b");
          entry.k = !entry.a || !entry.b ? "one" : entry.a.st !== entry.b.st ? "status" : outputChanged ? "output" : "same";
        }
        return entry.k;
      }
      function pairNote(entry) {
        var kind = pairKind(entry);
        if (entry.pair === "changed") return "case content changed, not compared";
        if (kind === "one") return "only in " + (entry.a ? meta.runLabel : meta.againstLabel);
        var outA = sideOutput(entry, "a"), outB = sideOutput(entry, "b");
        var output = outA === null && outB === null ? "no output in either run"
          : outA === null || outB === null ? "output in one run only"
          : outA === outB ? "same output" : "output changed";
        return kind === "status" ? "status changed, " + output : output;
      }
      function haystack(entry) {
        if (entry.h !== undefined) return entry.h;
        var parts = [entry.id];
        function side(s, out) {
          if (!s) return;
          if (s.in) for (var i = 0; i < s.in.length; i++) parts.push(s.in[i][1]);
          if (s.ex) parts.push(s.ex);
          if (out) parts.push(out);
          if (s.err) parts.push(s.err);
          if (s.sc) for (var j = 0; j < s.sc.length; j++) parts.push(s.sc[j][0] + " " + s.sc[j][4]);
        }
        if (against) { side(entry.a, sideOutput(entry, "a")); side(entry.b, sideOutput(entry, "b")); }
        else side(entry, entry.out);
        entry.h = parts.join("\n").toLowerCase();
        return entry.h;
      }

      var state = { status: "all", pair: "all", query: "", shown: PAGE };
      var statusOrder = against ? ["failed", "error", "skipped", "passed", "absent"] : ["failed", "error", "skipped", "passed"];
      var statusCounts = {}, pairCounts = { status: 0, output: 0, same: 0, one: 0 };
      for (var c = 0; c < cases.length; c++) {
        var st = runStatus(cases[c]);
        statusCounts[st] = (statusCounts[st] || 0) + 1;
        if (against) pairCounts[pairKind(cases[c])] += 1;
      }

      function chips(container, title, options, key) {
        var row = add(container, el("div", "chips"));
        add(row, el("span", "chips-title", title));
        options.forEach(function (option) {
          var button = add(row, el("button", "chip " + option.cls, option.label + " " + fmt(option.count)));
          button.type = "button";
          button.setAttribute("aria-pressed", String(state[key] === option.value));
          button.addEventListener("click", function () {
            state[key] = option.value;
            state.shown = PAGE;
            var siblings = row.querySelectorAll("button");
            for (var i = 0; i < siblings.length; i++) siblings[i].setAttribute("aria-pressed", String(siblings[i] === button));
            render();
          });
        });
      }

      var controls = byId("explorer-controls");
      var statusOptions = [{ value: "all", label: "all", count: cases.length, cls: "" }];
      statusOrder.forEach(function (s) {
        if (statusCounts[s]) statusOptions.push({ value: s, label: s === "absent" ? "not in " + meta.runLabel : LABEL[s], count: statusCounts[s], cls: "st-" + s });
      });
      chips(controls, against ? "status in " + meta.runLabel + ":" : "status:", statusOptions, "status");
      if (against) {
        chips(controls, "against " + meta.againstLabel + ":", [
          { value: "all", label: "all", count: cases.length, cls: "" },
          { value: "status", label: "status changed", count: pairCounts.status, cls: "k-status" },
          { value: "output", label: "output changed", count: pairCounts.output, cls: "k-output" },
          { value: "same", label: "unchanged", count: pairCounts.same, cls: "" },
          { value: "one", label: "only in one run", count: pairCounts.one, cls: "k-one" }
        ], "pair");
      }
      var searchRow = add(controls, el("div", "search"));
      var search = add(searchRow, el("input"));
      search.type = "search";
      search.placeholder = "Search ids, inputs, expected answers, outputs, reasons";
      search.setAttribute("aria-label", "Search cases");
      var timer = null;
      search.addEventListener("input", function () {
        if (timer) clearTimeout(timer);
        timer = setTimeout(function () { state.query = search.value.trim().toLowerCase(); state.shown = PAGE; render(); }, 150);
      });
      var summary = add(searchRow, el("span", "muted summary"));

      function matches(entry) {
        if (state.status !== "all" && runStatus(entry) !== state.status) return false;
        if (against && state.pair !== "all") {
          if (pairKind(entry) !== state.pair) return false;
        }
        return !state.query || haystack(entry).indexOf(state.query) !== -1;
      }

      var list = byId("explorer-cases");
      function render() {
        var shownCases = [];
        var total = 0;
        for (var i = 0; i < cases.length; i++) {
          if (!matches(cases[i])) continue;
          if (shownCases.length < state.shown) shownCases.push(cases[i]);
          total += 1;
        }
        summary.textContent = total === cases.length && !state.query
          ? fmt(total) + " cases"
          : fmt(total) + " of " + fmt(cases.length) + " cases match";
        list.textContent = "";
        var suite = -1, fragment = document.createDocumentFragment();
        shownCases.forEach(function (entry) {
          if (entry.s !== suite) {
            suite = entry.s;
            var info = meta.suites[suite];
            var heading = add(fragment, el("h3", "suite", info.key));
            add(heading, el("span", "muted", "  " + info.detail));
          }
          fragment.appendChild(row(entry));
        });
        if (total === 0) add(fragment, el("p", "muted", "No case matches."));
        if (total > shownCases.length) {
          var more = add(fragment, el("button", "more", "Show " + fmt(Math.min(PAGE, total - shownCases.length)) + " more (" + fmt(total - shownCases.length) + " not shown)"));
          more.type = "button";
          more.addEventListener("click", function () { state.shown += PAGE; render(); });
        }
        list.appendChild(fragment);
      }

      function badge(status, prefix) {
        return el("span", "badge st-" + status, (prefix || "") + (status === "absent" ? "absent" : LABEL[status] || status));
      }
      function preview(text) {
        if (text === null || text === undefined) return "";
        var line = text.replace(/\s+/g, " ").trim();
        return line.length > 140 ? line.slice(0, 140) + "…" : line;
      }
      function row(entry) {
        var details = el("details", "case");
        var head = add(details, el("summary"));
        if (against) {
          add(head, badge(entry.a ? entry.a.st : "absent", meta.runLabel + ": "));
          add(head, badge(entry.b ? entry.b.st : "absent", meta.againstLabel + ": "));
        } else {
          add(head, badge(entry.st));
        }
        add(head, el("span", "case-id", entry.id));
        if (!against && meta.suites[entry.s].repeats > 1) add(head, el("span", "muted", " #" + (entry.r + 1)));
        if (against) {
          add(head, el("span", "tag k-" + pairKind(entry), pairNote(entry)));
        }
        if (against ? (entry.a && entry.a.rf) || (entry.b && entry.b.rf) : entry.rf) add(head, el("span", "tag k-refused", "refused"));
        var text = against ? (entry.a && entry.a.err && entry.a.st === "error" ? entry.a.err : sideOutput(entry, entry.a ? "a" : "b"))
          : (entry.st === "error" || entry.st === "skipped" ? entry.err : entry.out);
        add(head, el("span", "preview", preview(text)));
        details.addEventListener("toggle", function () {
          if (details.open && !details.dataset.built) {
            details.dataset.built = "1";
            details.appendChild(against ? pairBody(entry) : caseBody(entry, entry, entry.out, null));
          }
        });
        return details;
      }

      function block(parent, title, text, cut) {
        add(parent, el("h4", null, title));
        add(parent, el("pre", null, text === "" ? " " : text));
        if (cut) add(parent, el("p", "cut", "Cut: the first " + kb(meta.limit) + " of " + kb(cut) + " are shown."));
      }
      function caseBody(entry, s, out, diffed) {
        var body = el("div", "case-body");
        var cut = s.cut || {};
        if (s.in) {
          add(body, el("h4", null, "Input"));
          s.in.forEach(function (message, index) {
            var box = add(body, el("div", "message"));
            add(box, el("span", "role", message[0]));
            add(box, el("pre", null, message[1]));
            if (cut["in." + index]) add(box, el("p", "cut", "Cut: the first " + kb(meta.limit) + " of " + kb(cut["in." + index]) + " are shown."));
          });
        }
        if (s.ex !== undefined) block(body, "Expected", s.ex, cut.ex);
        else if (s.exn !== undefined) { add(body, el("h4", null, "Expected")); add(body, el("p", "muted", notes[s.exn])); }
        if (diffed) {
          add(body, el("h4", null, "Output"));
          body.appendChild(diffed);
          if (cut.out) add(body, el("p", "cut", "Cut: the first " + kb(meta.limit) + " of " + kb(cut.out) + " are shown."));
        } else if (out !== null && out !== undefined) {
          block(body, "Output", out, cut.out);
        }
        if (s.err) block(body, s.st === "skipped" ? "Skipped" : "Error" + (s.ek ? " (" + s.ek + ")" : ""), s.err, cut.err);
        if (s.sc && s.sc.length) {
          add(body, el("h4", null, "Scores"));
          var table = add(body, el("table", "compact scores"));
          var headRow = add(add(table, el("thead")), el("tr"));
          ["scorer", "value", "threshold", "result", "reason"].forEach(function (h, i) { add(headRow, el("th", i === 1 || i === 2 ? "num" : null, h)); });
          var tbody = add(table, el("tbody"));
          s.sc.forEach(function (score) {
            var tr = add(tbody, el("tr"));
            add(tr, el("td", null, score[0]));
            add(tr, el("td", "num", score[1] === null ? "n/a" : score[1]));
            add(tr, el("td", "num", score[2] === null ? "n/a" : score[2]));
            add(tr, el("td", score[3] ? "st-passed" : "st-failed", score[3] ? "pass" : "fail"));
            add(tr, el("td", "reason", score[4]));
          });
        }
        var facts = [];
        if (s.m) facts.push("model " + s.m);
        if (s.ms !== undefined) facts.push(fmt(Math.round(s.ms)) + " ms");
        if (s.tok) facts.push(s.tok[0] + " prompt + " + s.tok[1] + " completion tokens");
        if (s.fr) facts.push("finish reason " + s.fr + (s.rf ? " (the model declined to answer)" : ""));
        if (s.n > 1) facts.push(s.n + " repeats" + (s.ne ? ", " + s.ne + " errored" : "") + "; the first answered one is shown");
        if (s.fl) facts.push("flagged: " + s.fl.join(", "));
        if (facts.length) add(body, el("p", "muted facts", facts.join(" · ")));
        return body;
      }
      function diffNodes(parent, segments, side) {
        segments.forEach(function (segment) {
          var k = segment[0];
          if (side === "a" && k === -1) return;
          if (side === "b" && k === 1) return;
          add(parent, k === 1 ? el("ins", null, segment[1]) : k === -1 ? el("del", null, segment[1]) : document.createTextNode(segment[1]));
        });
      }
      function pairBody(entry) {
        var body = el("div", "case-body");
        if (entry.d) {
          var legend = add(body, el("h4", null, "Output diff, " + meta.againstLabel + " → " + meta.runLabel + ": "));
          add(legend, el("ins", null, "inserted"));
          legend.appendChild(document.createTextNode(" "));
          add(legend, el("del", null, "deleted"));
          diffNodes(add(body, el("pre", "diff")), entry.d, "both");
        } else if (entry.dn) {
          add(body, el("p", "muted", entry.dn));
        }
        var grid = add(body, el("div", "sides"));
        [["a", meta.runLabel], ["b", meta.againstLabel]].forEach(function (pair) {
          var s = entry[pair[0]];
          var column = add(grid, el("div", "side"));
          var title = add(column, el("h4", "side-title", pair[1] + " "));
          add(title, badge(s ? s.st : "absent"));
          if (!s) { add(column, el("p", "muted", "No result for this case in " + pair[1] + ".")); return; }
          var diffed = null;
          if (entry.d && sideOutput(entry, pair[0]) !== null) {
            diffed = el("pre", "diff");
            diffNodes(diffed, entry.d, pair[0]);
          }
          var inner = caseBody(entry, s, entry.d ? null : sideOutput(entry, pair[0]), diffed);
          column.appendChild(inner);
        });
        return body;
      }
      byId("explorer-loading").hidden = true;
      render();
    })();
    """#
}
