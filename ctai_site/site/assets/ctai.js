/* ctai-site: filter the professionals' table, and read an action page aloud. No server, no
   library. Without JavaScript the filter and the « Écouter » button stay hidden (`hidden` in the
   HTML): every row shows, and no reader meets a button that does nothing. */
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function setupFilters() {
    document.querySelectorAll("[data-ctai-filter]").forEach(function (box) {
      if (box.dataset.ctaiReady) return;
      box.dataset.ctaiReady = "1";
      var table = document.getElementById(box.dataset.ctaiFilter);
      if (!table) return;
      var input = box.querySelector("input");
      var count = box.querySelector("[data-template]");
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      var texts = rows.map(function (row) { return fold(row.textContent); });
      function apply() {
        var words = fold(input.value).split(/\s+/).filter(Boolean);
        var shown = 0;
        rows.forEach(function (row, i) {
          var ok = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
          row.hidden = !ok;
          if (ok) shown += 1;
        });
        if (count) count.textContent = count.dataset.template.replace("{n}", String(shown));
      }
      input.addEventListener("input", apply);
      box.hidden = false;
      apply();
    });
  }

  /* « Écouter »: the browser's own speech synthesis reads the page, block by block, in the
     page's language. Only voices on the device (localService) are used: a network voice would
     send the text to its vendor. The button shows only when such a voice exists for the page's
     language (voices often arrive late: the `voiceschanged` event). Pressing it again stops;
     pressing once more goes on from the block where it stopped (aria-pressed tells which). */
  var READ = "h1, h2, h3, p, li, dt, dd, th, td";
  var SKIP = ".ctai-listen, script, style, [hidden], [aria-hidden='true'], .headerlink";

  function matches(voiceLang, lang) {
    var v = (voiceLang || "").toLowerCase().replace("_", "-");
    return v === lang || v.indexOf(lang + "-") === 0;
  }
  function localVoice(lang) {
    var voices = window.speechSynthesis.getVoices() || [];
    for (var i = 0; i < voices.length; i += 1) {
      if (voices[i].localService && matches(voices[i].lang, lang)) return voices[i];
    }
    return null;
  }
  function blocks(root, pageLang) {
    var out = [];
    root.querySelectorAll(READ).forEach(function (node) {
      if (node.closest(SKIP) || node.querySelector(READ)) return; // the innermost blocks only
      var text = node.textContent.replace(/\s+/g, " ").trim();
      if (!text) return;
      var marked = node.closest("[lang]");
      out.push({ text: text, lang: ((marked && marked.getAttribute("lang")) || pageLang).toLowerCase() });
    });
    return out;
  }
  function setupListen() {
    var box = document.querySelector(".ctai-listen");
    if (!box || box.dataset.ctaiReady || !("speechSynthesis" in window)) return;
    if (typeof window.SpeechSynthesisUtterance !== "function") return;
    var button = box.querySelector("button");
    var root = box.closest("article") || document.body;
    var pageLang = (document.documentElement.getAttribute("lang") || "fr").toLowerCase().split("-")[0];
    var synth = window.speechSynthesis;
    var state = { at: 0, reading: false, turn: 0, parts: null };
    box.dataset.ctaiReady = "1";

    function offer() {
      if (box.hidden && localVoice(pageLang)) box.hidden = false;
    }
    function press(on) {
      state.reading = on;
      button.setAttribute("aria-pressed", on ? "true" : "false");
    }
    function speak(turn) {
      if (!state.reading || turn !== state.turn) return;
      if (state.at >= state.parts.length) {
        state.at = 0; // read to the end: next press starts again from the top
        press(false);
        return;
      }
      var part = state.parts[state.at];
      var utterance = new window.SpeechSynthesisUtterance(part.text);
      utterance.lang = part.lang;
      var voice = localVoice(part.lang);
      if (voice) utterance.voice = voice;
      utterance.onend = function () {
        if (turn !== state.turn || !state.reading) return;
        state.at += 1;
        speak(turn);
      };
      utterance.onerror = utterance.onend;
      synth.speak(utterance);
    }
    button.addEventListener("click", function () {
      state.turn += 1; // whatever was speaking is now out of date
      if (state.reading) {
        press(false);
        synth.cancel();
        return;
      }
      if (!state.parts) state.parts = blocks(root, pageLang);
      synth.cancel();
      press(true);
      speak(state.turn);
    });
    window.addEventListener("pagehide", function () {
      if (state.reading) synth.cancel();
    });
    offer();
    if (typeof synth.addEventListener === "function") {
      synth.addEventListener("voiceschanged", offer);
    } else {
      synth.onvoiceschanged = offer;
    }
  }

  function setup() {
    setupFilters();
    setupListen();
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(setup); /* Material's instant navigation, when enabled */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
