"""« Écouter » on an action page: absent when the browser has no voice for the page's language
(or only a network voice, which would send the text away), and with one, it reads the page
aloud in that language, stops and goes on, from the keyboard. The speech API is replaced by a
stand-in that records what it is asked to say: no sound, no timing, no server."""

from __future__ import annotations

import json
from typing import Any

from browser.conftest import OpenTab, Tab

PAGE = "/ar/actions/atelier-francais/"  # in the guide's small site, translated into Arabic

STAND_IN = """
(() => {
  const voices = %s;
  const spoken = [];
  const listeners = [];
  let current = null;
  let cancels = 0;
  const synth = {
    getVoices: () => voices.slice(),
    speak: (u) => { spoken.push({ text: u.text, lang: u.lang }); current = u; },
    cancel: () => { cancels += 1; const u = current; current = null; if (u && u.onend) u.onend(); },
    pause() {}, resume() {},
    addEventListener: (type, f) => { if (type === "voiceschanged") listeners.push(f); },
    removeEventListener() {},
    speaking: false, pending: false, paused: false,
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = function (text) {
    this.text = text; this.lang = ""; this.voice = null; this.onend = null; this.onerror = null;
  };
  window.__speech = {
    spoken, cancels: () => cancels,
    finish: () => { const u = current; current = null; if (u && u.onend) u.onend(); },
    arrive: (v) => { voices.push(v); listeners.forEach((f) => f(new Event("voiceschanged"))); },
  };
})();
"""
LOCAL_ARABIC = {"lang": "ar-SA", "name": "Test", "voiceURI": "test", "localService": True}


def _open(open_tab: OpenTab, base_url: str, voices: list[dict[str, Any]]) -> Tab:
    tab = open_tab(base_url=base_url)
    tab.page.add_init_script(STAND_IN % json.dumps(voices))
    tab.goto(PAGE)
    return tab


def _spoken(tab: Tab) -> list[dict[str, str]]:
    result: list[dict[str, str]] = tab.page.evaluate("() => window.__speech.spoken.slice()")
    return result


def test_no_button_without_javascript(open_tab: OpenTab, guide_site_url: str) -> None:
    tab = open_tab(PAGE, js=False, base_url=guide_site_url)
    assert tab.page.locator(".ctai-listen button").count() == 1
    assert not tab.page.locator(".ctai-listen button").is_visible()


def test_no_button_without_a_voice_on_the_device(open_tab: OpenTab, guide_site_url: str) -> None:
    network_only = [{**LOCAL_ARABIC, "localService": False}, {**LOCAL_ARABIC, "lang": "fr-FR"}]
    for voices in ([], network_only):
        tab = _open(open_tab, guide_site_url, voices)
        tab.page.wait_for_function("() => window.__speech !== undefined")
        assert not tab.page.locator(".ctai-listen button").is_visible(), voices
        assert tab.guard.errors == []


def test_button_when_a_voice_arrives(open_tab: OpenTab, guide_site_url: str) -> None:
    tab = _open(open_tab, guide_site_url, [])
    button = tab.page.get_by_role("button", name="استمع")
    assert not button.is_visible()
    tab.page.evaluate(f"() => window.__speech.arrive({json.dumps(LOCAL_ARABIC)})")
    button.wait_for(state="visible")


def test_reads_the_page_in_its_language_stops_and_goes_on(
    open_tab: OpenTab, guide_site_url: str
) -> None:
    tab = _open(open_tab, guide_site_url, [LOCAL_ARABIC])
    page = tab.page
    button = page.get_by_role("button", name="استمع")
    button.wait_for(state="visible")
    assert button.get_attribute("aria-pressed") == "false"

    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"
    # The fixture's « C'est quoi ? » has no Arabic yet: the page opens on the notice saying so.
    notice = page.locator(".ctai-notice").inner_text().strip()
    title = page.locator("h1").inner_text().strip()
    summary = page.locator(".ctai-lead").inner_text().strip()
    assert _spoken(tab) == [{"text": notice, "lang": "ar"}]
    page.evaluate("() => window.__speech.finish()")  # each block read: the next one comes
    assert _spoken(tab)[-1] == {"text": title, "lang": "ar"}
    page.evaluate("() => window.__speech.finish()")
    assert _spoken(tab)[-1] == {"text": summary, "lang": "ar"}

    page.keyboard.press("Space")  # stop
    assert button.get_attribute("aria-pressed") == "false"
    assert page.evaluate("() => window.__speech.cancels()") >= 1
    assert len(_spoken(tab)) == 3  # stopping does not skip ahead

    page.keyboard.press("Enter")  # go on: the summary again, where it stopped
    assert button.get_attribute("aria-pressed") == "true"
    assert _spoken(tab)[-1] == {"text": summary, "lang": "ar"}

    for _ in range(200):  # to the end of the page
        if button.get_attribute("aria-pressed") == "false":
            break
        page.evaluate("() => window.__speech.finish()")
    assert button.get_attribute("aria-pressed") == "false"
    texts = [part["text"] for part in _spoken(tab)]
    assert "Centre social Exemple" in " ".join(texts)  # the place, read too
    french = {"text": "Des cours en petit groupe.", "lang": "fr"}
    assert french in _spoken(tab)  # French standing in for a translation is read as French
    assert tab.guard.third_party == [] and tab.guard.errors == []
