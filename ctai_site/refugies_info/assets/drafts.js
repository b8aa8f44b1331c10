/* Copy buttons of the Réfugiés.info draft pages (ctai-site).
 * A button `button.ctai-copy[data-copy-target=ID]` copies the element #ID:
 * - data-copy-format="html": text/html (its innerHTML) and text/plain (its data-copy-plain),
 *   so a paste into a rich text editor keeps paragraphs, lists, bold, links and callouts;
 * - data-copy-format="text": plain text only (titles, summary, infocards).
 * Falls back to selecting the element and execCommand("copy") where the async Clipboard API is
 * missing or refused (plain http, older browsers). One listener on the document, so it also
 * works after Material's instant navigation replaces the page content.
 */
(function () {
  "use strict";
  if (window.ctaiDraftCopy) {
    return;
  }
  var DONE_MS = 2500;
  function plainOf(el) {
    var plain = el.getAttribute("data-copy-plain");
    return plain !== null ? plain : el.innerText.trim();
  }
  function copyBySelection(el) {
    var selection = window.getSelection();
    var range = document.createRange();
    range.selectNodeContents(el);
    selection.removeAllRanges();
    selection.addRange(range);
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } finally {
      selection.removeAllRanges();
    }
    if (!ok) {
      throw new Error("execCommand copy refused");
    }
  }
  function copy(el, rich) {
    var text = plainOf(el);
    var clip = navigator.clipboard;
    if (rich && clip && clip.write && window.ClipboardItem) {
      var item = new window.ClipboardItem({
        "text/html": new Blob([el.innerHTML.trim()], { type: "text/html" }),
        "text/plain": new Blob([text], { type: "text/plain" })
      });
      return navigator.clipboard.write([item]).catch(function () {
        copyBySelection(el);
      });
    }
    if (!rich && clip && clip.writeText) {
      return navigator.clipboard.writeText(text).catch(function () {
        copyBySelection(el);
      });
    }
    return new Promise(function (resolve) {
      copyBySelection(el);
      resolve();
    });
  }
  function announce(button, message) {
    var status = document.querySelector(".ctai-copy-status");
    if (status) {
      status.textContent = message;
    }
  }
  function show(button, state, label) {
    window.clearTimeout(button.ctaiTimer);
    if (!button.hasAttribute("data-copy-label")) {
      button.setAttribute("data-copy-label", button.textContent);
    }
    button.setAttribute("data-copy-state", state);
    button.classList.toggle("ctai-copy--done", state === "copied");
    button.classList.toggle("ctai-copy--failed", state === "failed");
    button.textContent = label;
    button.ctaiTimer = window.setTimeout(function () {
      button.removeAttribute("data-copy-state");
      button.classList.remove("ctai-copy--done", "ctai-copy--failed");
      button.textContent = button.getAttribute("data-copy-label");
    }, DONE_MS);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.ctai-copy") : null;
    if (!button) {
      return;
    }
    var el = document.getElementById(button.getAttribute("data-copy-target"));
    if (!el) {
      return;
    }
    var what = (button.getAttribute("aria-label") || "").replace(/^Copier : /, "");
    Promise.resolve()
      .then(function () {
        return copy(el, button.getAttribute("data-copy-format") === "html");
      })
      .then(
        function () {
          show(button, "copied", "Copié");
          announce(button, "Copié : " + what);
        },
        function () {
          show(button, "failed", "Échec");
          announce(button, "Échec de la copie : sélectionnez le texte et copiez avec Ctrl+C.");
        }
      );
  });
  window.ctaiDraftCopy = true;
})();
