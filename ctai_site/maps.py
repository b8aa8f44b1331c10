"""The map of places: one page per language, which works without JavaScript and without tiles.

The page is Markdown with an HTML block: a list of every place by commune (always there, and
what a reader gets with JavaScript off), the map container, and the data the script needs as
JSON in `<script type="application/json" id="ctai-map-data">`. `assets/map.js` draws it with
the vendored Leaflet over OpenStreetMap tiles, the only request to another host.

Selectors for browser tests: `#ctai-map` (the map; `hidden` until the script runs),
`.ctai-marker` (one Leaflet marker icon per located place, with `data-place`),
`.ctai-marker--approx` and `path.ctai-approx-area` (approximate places), `#ctai-places-list`
with one `li.ctai-map-place[data-place]` per place, `#ctai-filter-theme`, `#ctai-filter-public`,
`#ctai-map-count`, `#ctai-map-offline` (shown when tiles fail).
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ctai_site import pages, vocab
from ctai_site.exports import answered, contract_publics, place_id, public_services
from ctai_site.l10n import direction
from ctai_site.model import Action, Catalog, Place

TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILES_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
APPROXIMATE_RADIUS_M = 1500
ASSETS_DIR = "assets/ctai"  # inside site_dir
PAGE = "carte"

# (action, lang) -> the title in `lang`, or (title, language it is written in) when the
# translation is missing and the French is shown instead.
TitleFor = Callable[[Action, str], "str | tuple[str, str]"]
ActionHref = Callable[[Action], str]

# Interface strings of the map, in the eight languages. A site's own strings (passed to
# `render_map_page`) take precedence; keys follow the site's (`theme.<key>.name`, `specific.*`).
# Non-French texts: to be checked by a native speaker (notably ps and ti).
MAP_STRINGS: dict[str, dict[str, str]] = {
    "fr": {
        "map.title": "Carte des lieux",
        "map.intro": "Les lieux où aller. Tous sont aussi dans la liste par commune, sous la carte.",
        "map.label": "Carte des lieux",
        "map.filters": "Choisir les lieux",
        "map.theme": "Besoin",
        "map.public": "Pour qui",
        "map.all_themes": "Tous les besoins",
        "map.all_publics": "Tout le monde",
        "map.count": "Lieux affichés : {n}",
        "map.none": "Aucun lieu pour ce choix.",
        "map.list": "Tous les lieux, par commune",
        "map.approximate": "position approximative",
        "map.not_on_map": "pas encore sur la carte",
        "map.see": "Voir l'action",
        "map.offline": "Le fond de carte ne s'affiche pas (pas de connexion ?). "
        "Tous les lieux sont dans la liste sous la carte.",
        "map.public.EPA": "Étrangers primo-arrivants (EPA)",
        "map.public.BPI": "Protection internationale (BPI)",
        "map.public.BPT": "Protection temporaire (BPT)",
        "specific.family": "Familles",
        "specific.women": "Femmes",
        "specific.youths": "Jeunes",
        "specific.senior": "Personnes âgées",
        "specific.gender": "Personnes LGBTQIA+",
        "theme.admin.name": "Faire mes papiers",
        "theme.french.name": "Apprendre le français",
        "theme.housing.name": "Trouver un logement",
        "theme.health.name": "Santé",
        "theme.training.name": "Apprendre un métier",
        "theme.work.name": "Trouver un travail",
        "theme.mobility.name": "Transport",
        "theme.family.name": "Famille",
        "theme.studies.name": "Faire des études",
        "theme.leisure.name": "Activités et culture",
    },
    "en": {
        "map.title": "Map of places",
        "map.intro": "Places you can go to. They are all in the list by town, below the map.",
        "map.label": "Map of places",
        "map.filters": "Choose places",
        "map.theme": "Need",
        "map.public": "For whom",
        "map.all_themes": "All needs",
        "map.all_publics": "Everyone",
        "map.count": "Places shown: {n}",
        "map.none": "No place for this choice.",
        "map.list": "All places, by town",
        "map.approximate": "approximate location",
        "map.not_on_map": "not on the map yet",
        "map.see": "See the action",
        "map.offline": "The map background does not load (no connection?). "
        "All places are in the list below the map.",
        "map.public.EPA": "Newly arrived foreigners (EPA)",
        "map.public.BPI": "International protection (BPI)",
        "map.public.BPT": "Temporary protection (BPT)",
        "specific.family": "Families",
        "specific.women": "Women",
        "specific.youths": "Young people",
        "specific.senior": "Older people",
        "specific.gender": "LGBTQIA+ people",
        "theme.admin.name": "Papers and procedures",
        "theme.french.name": "Learn French",
        "theme.housing.name": "Find housing",
        "theme.health.name": "Health",
        "theme.training.name": "Learn a trade",
        "theme.work.name": "Find work",
        "theme.mobility.name": "Transport",
        "theme.family.name": "Family",
        "theme.studies.name": "Study",
        "theme.leisure.name": "Activities and culture",
    },
    "ar": {
        "map.title": "خريطة الأماكن",
        "map.intro": "الأماكن التي يمكنك الذهاب إليها. كلها موجودة أيضًا في القائمة حسب البلدية، تحت الخريطة.",
        "map.label": "خريطة الأماكن",
        "map.filters": "اختيار الأماكن",
        "map.theme": "الحاجة",
        "map.public": "لمن",
        "map.all_themes": "كل الاحتياجات",
        "map.all_publics": "الجميع",
        "map.count": "الأماكن المعروضة: {n}",
        "map.none": "لا يوجد مكان لهذا الاختيار.",
        "map.list": "كل الأماكن، حسب البلدية",
        "map.approximate": "موقع تقريبي",
        "map.not_on_map": "ليس على الخريطة بعد",
        "map.see": "عرض التفاصيل",
        "map.offline": "خلفية الخريطة لا تظهر (لا يوجد اتصال؟). كل الأماكن موجودة في القائمة تحت الخريطة.",
        "map.public.EPA": "الأجانب الوافدون حديثًا (EPA)",
        "map.public.BPI": "الحماية الدولية (BPI)",
        "map.public.BPT": "الحماية المؤقتة (BPT)",
        "specific.family": "العائلات",
        "specific.women": "النساء",
        "specific.youths": "الشباب",
        "specific.senior": "كبار السن",
        "specific.gender": "مجتمع الميم (LGBTQIA+)",
        "theme.admin.name": "الأوراق الإدارية",
        "theme.french.name": "تعلّم الفرنسية",
        "theme.housing.name": "إيجاد سكن",
        "theme.health.name": "الصحة",
        "theme.training.name": "تعلّم مهنة",
        "theme.work.name": "إيجاد عمل",
        "theme.mobility.name": "التنقل",
        "theme.family.name": "العائلة",
        "theme.studies.name": "الدراسة",
        "theme.leisure.name": "الأنشطة والثقافة",
    },
    "fa": {
        "map.title": "نقشهٔ مکان‌ها",
        "map.intro": "جاهایی که می‌توانید بروید. همهٔ آن‌ها در فهرست زیر نقشه هم آمده‌اند، به تفکیک شهر.",
        "map.label": "نقشهٔ مکان‌ها",
        "map.filters": "انتخاب مکان‌ها",
        "map.theme": "نیاز",
        "map.public": "برای چه کسی",
        "map.all_themes": "همهٔ نیازها",
        "map.all_publics": "همه",
        "map.count": "مکان‌های نمایش‌داده‌شده: {n}",
        "map.none": "برای این انتخاب مکانی نیست.",
        "map.list": "همهٔ مکان‌ها، به تفکیک شهر",
        "map.approximate": "موقعیت تقریبی",
        "map.not_on_map": "هنوز روی نقشه نیست",
        "map.see": "دیدن جزئیات",
        "map.offline": "زمینهٔ نقشه نمایش داده نمی‌شود (اینترنت وصل نیست؟). همهٔ مکان‌ها در فهرست زیر نقشه هستند.",
        "map.public.EPA": "خارجی‌های تازه‌وارد (EPA)",
        "map.public.BPI": "حمایت بین‌المللی (BPI)",
        "map.public.BPT": "حمایت موقت (BPT)",
        "specific.family": "خانواده‌ها",
        "specific.women": "زنان",
        "specific.youths": "جوانان",
        "specific.senior": "سالمندان",
        "specific.gender": "افراد LGBTQIA+",
        "theme.admin.name": "کارهای اداری",
        "theme.french.name": "یادگیری فرانسوی",
        "theme.housing.name": "پیدا کردن مسکن",
        "theme.health.name": "سلامت",
        "theme.training.name": "یادگیری یک حرفه",
        "theme.work.name": "پیدا کردن کار",
        "theme.mobility.name": "رفت‌وآمد",
        "theme.family.name": "خانواده",
        "theme.studies.name": "تحصیل",
        "theme.leisure.name": "فعالیت‌ها و فرهنگ",
    },
    "ps": {
        "map.title": "د ځایونو نقشه",
        "map.intro": "هغه ځایونه چې تاسو ورتلای شئ. ټول د نقشې لاندې لیست کې هم دي، د ښار له مخې.",
        "map.label": "د ځایونو نقشه",
        "map.filters": "ځایونه وټاکئ",
        "map.theme": "اړتیا",
        "map.public": "د چا لپاره",
        "map.all_themes": "ټولې اړتیاوې",
        "map.all_publics": "ټول خلک",
        "map.count": "ښودل شوي ځایونه: {n}",
        "map.none": "د دې انتخاب لپاره هیڅ ځای نشته.",
        "map.list": "ټول ځایونه، د ښار له مخې",
        "map.approximate": "اټکلي ځای",
        "map.not_on_map": "لا په نقشه کې نشته",
        "map.see": "جزئیات وګورئ",
        "map.offline": "د نقشې شالید نه ښکاري (انټرنیټ نشته؟). ټول ځایونه د نقشې لاندې لیست کې دي.",
        "map.public.EPA": "نوي راغلي بهرنیان (EPA)",
        "map.public.BPI": "نړیواله ساتنه (BPI)",
        "map.public.BPT": "لنډمهاله ساتنه (BPT)",
        "specific.family": "کورنۍ",
        "specific.women": "ښځې",
        "specific.youths": "ځوانان",
        "specific.senior": "زاړه خلک",
        "specific.gender": "LGBTQIA+ خلک",
        "theme.admin.name": "اداري کاغذونه",
        "theme.french.name": "فرانسوي زده کړئ",
        "theme.housing.name": "کور پیدا کړئ",
        "theme.health.name": "روغتیا",
        "theme.training.name": "مسلک زده کړئ",
        "theme.work.name": "کار پیدا کړئ",
        "theme.mobility.name": "ترانسپورت",
        "theme.family.name": "کورنۍ",
        "theme.studies.name": "زده کړې",
        "theme.leisure.name": "فعالیتونه او کلتور",
    },
    "ti": {
        "map.title": "ካርታ ቦታታት",
        "map.intro": "ክትከዱዎም እትኽእሉ ቦታታት። ኩሎም ኣብ ትሕቲ ካርታ ኣብ ዘሎ ዝርዝር፡ ብከተማ፡ ኣለዉ።",
        "map.label": "ካርታ ቦታታት",
        "map.filters": "ቦታታት ምረጹ",
        "map.theme": "ድሌት",
        "map.public": "ንመን",
        "map.all_themes": "ኩሉ ድሌታት",
        "map.all_publics": "ኩሉ ሰብ",
        "map.count": "ዝርኣዩ ዘለዉ ቦታታት: {n}",
        "map.none": "ነዚ ምርጫ ዝኸውን ቦታ የለን።",
        "map.list": "ኩሎም ቦታታት፡ ብከተማ",
        "map.approximate": "ግምታዊ ቦታ",
        "map.not_on_map": "ገና ኣብ ካርታ የለን",
        "map.see": "ዝርዝር ርኣዩ",
        "map.offline": "ድሕሪት ካርታ ኣይርኤን ዘሎ (ኢንተርነት የለን ድዩ?)። ኩሎም ቦታታት ኣብ ትሕቲ ካርታ ዘሎ ዝርዝር ኣለዉ።",
        "map.public.EPA": "ሓደሽቲ ዝመጹ ወጻእተኛታት (EPA)",
        "map.public.BPI": "ዓለምለኻዊ ሓለዋ (BPI)",
        "map.public.BPT": "ግዝያዊ ሓለዋ (BPT)",
        "specific.family": "ስድራቤታት",
        "specific.women": "ደቂ ኣንስትዮ",
        "specific.youths": "መንእሰያት",
        "specific.senior": "ኣረጋውያን",
        "specific.gender": "LGBTQIA+ ሰባት",
        "theme.admin.name": "ወረቓቕቲ",
        "theme.french.name": "ፈረንሳይኛ ምምሃር",
        "theme.housing.name": "ገዛ ምርካብ",
        "theme.health.name": "ጥዕና",
        "theme.training.name": "ሞያ ምምሃር",
        "theme.work.name": "ስራሕ ምርካብ",
        "theme.mobility.name": "መጓዓዝያ",
        "theme.family.name": "ስድራቤት",
        "theme.studies.name": "ትምህርቲ",
        "theme.leisure.name": "ንጥፈታትን ባህልን",
    },
    "ru": {
        "map.title": "Карта мест",
        "map.intro": "Места, куда можно прийти. Все они есть и в списке по населённым пунктам под картой.",
        "map.label": "Карта мест",
        "map.filters": "Выбрать места",
        "map.theme": "Потребность",
        "map.public": "Для кого",
        "map.all_themes": "Все потребности",
        "map.all_publics": "Для всех",
        "map.count": "Показано мест: {n}",
        "map.none": "Для этого выбора мест нет.",
        "map.list": "Все места по населённым пунктам",
        "map.approximate": "примерное местоположение",
        "map.not_on_map": "пока нет на карте",
        "map.see": "Подробнее",
        "map.offline": "Фон карты не загружается (нет связи?). Все места есть в списке под картой.",
        "map.public.EPA": "Недавно прибывшие иностранцы (EPA)",
        "map.public.BPI": "Международная защита (BPI)",
        "map.public.BPT": "Временная защита (BPT)",
        "specific.family": "Семьи",
        "specific.women": "Женщины",
        "specific.youths": "Молодёжь",
        "specific.senior": "Пожилые люди",
        "specific.gender": "ЛГБТКИА+",
        "theme.admin.name": "Документы",
        "theme.french.name": "Учить французский",
        "theme.housing.name": "Найти жильё",
        "theme.health.name": "Здоровье",
        "theme.training.name": "Освоить профессию",
        "theme.work.name": "Найти работу",
        "theme.mobility.name": "Транспорт",
        "theme.family.name": "Семья",
        "theme.studies.name": "Учёба",
        "theme.leisure.name": "Досуг и культура",
    },
    "uk": {
        "map.title": "Карта місць",
        "map.intro": "Місця, куди можна прийти. Усі вони є і в списку за населеними пунктами під картою.",
        "map.label": "Карта місць",
        "map.filters": "Вибрати місця",
        "map.theme": "Потреба",
        "map.public": "Для кого",
        "map.all_themes": "Усі потреби",
        "map.all_publics": "Для всіх",
        "map.count": "Показано місць: {n}",
        "map.none": "Для цього вибору місць немає.",
        "map.list": "Усі місця за населеними пунктами",
        "map.approximate": "приблизне розташування",
        "map.not_on_map": "ще немає на карті",
        "map.see": "Детальніше",
        "map.offline": "Фон карти не завантажується (немає зв'язку?). Усі місця є в списку під картою.",
        "map.public.EPA": "Нещодавно прибулі іноземці (EPA)",
        "map.public.BPI": "Міжнародний захист (BPI)",
        "map.public.BPT": "Тимчасовий захист (BPT)",
        "specific.family": "Сім'ї",
        "specific.women": "Жінки",
        "specific.youths": "Молодь",
        "specific.senior": "Літні люди",
        "specific.gender": "ЛГБТКІА+",
        "theme.admin.name": "Документи",
        "theme.french.name": "Вивчати французьку",
        "theme.housing.name": "Знайти житло",
        "theme.health.name": "Здоров'я",
        "theme.training.name": "Опанувати професію",
        "theme.work.name": "Знайти роботу",
        "theme.mobility.name": "Транспорт",
        "theme.family.name": "Сім'я",
        "theme.studies.name": "Навчання",
        "theme.leisure.name": "Дозвілля і культура",
    },
}


def map_strings(lang: str, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The map's strings in `lang`: the site's own when given, else ours, else French."""
    return {**MAP_STRINGS["fr"], **MAP_STRINGS.get(lang, {}), **(overrides or {})}


@cache
def theme_icon(key: str) -> str | None:
    """The theme's Material icon as inline SVG (shipped with mkdocs-material), if installed."""
    name = vocab.THEMES_BY_KEY[key].icon  # e.g. material/medical-bag
    try:
        path = resources.files("material") / "templates" / ".icons" / f"{name}.svg"
        svg = path.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return None
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def _sort_key(text: str) -> str:
    """Commune order as a French reader expects (accents ignored)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


@dataclass(frozen=True)
class MapPlace:
    """One place as the map and the list show it, in one language."""

    id: str
    action: Action
    place: Place
    title: str
    title_lang: str
    href: str

    @property
    def address(self) -> str:
        city = " ".join(p for p in (self.place.postcode, self.place.city) if p)
        return ", ".join(p for p in (self.place.address, city) if p)

    @property
    def approximate(self) -> bool:
        return self.place.coordinates is not None and self.place.coordinates.approximate

    @property
    def located(self) -> bool:
        return self.place.coordinates is not None

    @property
    def themes(self) -> list[str]:
        return [self.action.themes.main, *self.action.themes.secondary]

    @property
    def publics(self) -> list[str]:
        specific = answered(self.action.audience.specific_public) or ()
        return [*contract_publics(self.action.audience), *specific]


def default_action_href(action: Action) -> str:
    """From the map page (`<dir>/map/`) to the action page (`<dir>/actions/<id>/`)."""
    return f"../actions/{action.id}/"


def map_places(
    catalog: Catalog,
    lang: str,
    *,
    title_for: TitleFor | None = None,
    action_href: ActionHref = default_action_href,
) -> list[MapPlace]:
    """Every place of every active service, in fiche order."""
    out = []
    for action in public_services(catalog):
        found = title_for(action, lang) if title_for else (action.content.title, "fr")
        title, title_lang = found if isinstance(found, tuple) else (found, lang)
        for number, place in enumerate(action.places, start=1):
            out.append(
                MapPlace(
                    place_id(action, number), action, place, title, title_lang, action_href(action)
                )
            )
    return out


def script_json(data: Any) -> str:
    """JSON safe inside `<script>`: no `<`, `>` or `&` left (so no `</script>` either)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def map_data(places: list[MapPlace], strings: Mapping[str, str], lang: str) -> dict[str, Any]:
    """What `map.js` reads: the located places, theme icons, tiles and a few strings."""
    located = [p for p in places if p.located]
    themes = sorted({p.action.themes.main for p in located}, key=vocab.THEME_KEYS.index)
    return {
        "lang": lang,
        "dir": direction(lang),
        "tiles": {"url": TILES_URL, "attribution": TILES_ATTRIBUTION},
        "approximateRadius": APPROXIMATE_RADIUS_M,
        "strings": {
            "approximate": strings["map.approximate"],
            "see": strings["map.see"],
            "count": strings["map.count"],
            "none": strings["map.none"],
        },
        "icons": {key: theme_icon(key) for key in themes if theme_icon(key)},
        "places": [
            {
                "id": p.id,
                "action": p.action.id,
                "lat": p.place.coordinates.lat,
                "lng": p.place.coordinates.lng,
                "approximate": p.approximate,
                "title": p.title,
                "titleLang": p.title_lang,
                "name": p.place.name,
                "address": p.address,
                "url": p.href,
                "theme": p.action.themes.main,
                "themes": p.themes,
                "publics": p.publics,
            }
            for p in located
            if p.place.coordinates is not None
        ],
    }


def _communes(places: list[MapPlace]) -> list[tuple[str, list[MapPlace]]]:
    groups: dict[str, list[MapPlace]] = {}
    for place in places:
        groups.setdefault(place.place.city, []).append(place)
    return sorted(groups.items(), key=lambda item: _sort_key(item[0]))


def _filter_options(places: list[MapPlace], strings: Mapping[str, str]) -> dict[str, Any]:
    themes = {t for p in places for t in p.themes}
    publics = {x for p in places for x in p.publics}
    public_keys = [*vocab.CONTRACT_PUBLICS, *vocab.SPECIFIC_PUBLICS]
    return {
        "themes": [
            (key, strings[f"theme.{key}.name"]) for key in vocab.THEME_KEYS if key in themes
        ],
        "publics": [
            (key, strings[f"map.public.{key}"] if key.isupper() else strings[f"specific.{key}"])
            for key in public_keys
            if key in publics
        ],
    }


def render_template(name: str, **context: Any) -> str:
    return pages.environment().get_template(name).render(**context)


def render_map_page(
    catalog: Catalog,
    lang: str,
    *,
    strings: Mapping[str, str] | None = None,
    title_for: TitleFor | None = None,
    action_href: ActionHref = default_action_href,
    assets: str = f"../{ASSETS_DIR}/",
) -> str:
    """The map page in `lang` (Markdown with one HTML block); `assets` is the relative URL of
    the folder `write_map_assets` fills."""
    texts = map_strings(lang, strings)
    places = map_places(catalog, lang, title_for=title_for, action_href=action_href)
    return render_template(
        "map.md.j2",
        s=texts,
        lang=lang,
        dir=direction(lang),
        assets=assets,
        communes=_communes(places),
        filters=_filter_options(places, texts),
        count=len(places),
        data=script_json(map_data(places, texts, lang)),
    )


def page_name(page: str, lang: str) -> str:
    """mkdocs-static-i18n suffix files: `map.md` (French), `map.ar.md`, …"""
    return f"{page}.md" if lang == vocab.SOURCE_LANGUAGE else f"{page}.{lang}.md"


def to_root(lang: str, depth: int) -> str:
    """Relative URL from a page to the site root. `depth` counts the French page's folders
    (`map/` = 1, `generated/map/` = 2); the other languages live one folder deeper (`ar/map/`)."""
    return "../" * (depth + (lang != vocab.SOURCE_LANGUAGE))


def map_pages(
    catalog: Catalog,
    strings_for_lang: Callable[[str], Mapping[str, str]] | None = None,
    *,
    title_for: TitleFor | None = None,
    action_href: ActionHref = default_action_href,
    page: str = PAGE,
    depth: int = 1,
) -> dict[str, str]:
    """File name -> Markdown for the map page in every language."""
    return {
        page_name(page, lang): render_map_page(
            catalog,
            lang,
            strings=strings_for_lang(lang) if strings_for_lang else None,
            title_for=title_for,
            action_href=action_href,
            assets=f"{to_root(lang, depth)}{ASSETS_DIR}/",
        )
        for lang in vocab.LANGUAGE_CODES
    }


def asset_files() -> list[tuple[str, Path]]:
    """(URL path in the site, file) for map.js, map.css and the vendored Leaflet."""
    root = Path(str(resources.files("ctai_site") / "assets"))
    return [
        (f"{ASSETS_DIR}/{path.relative_to(root).as_posix()}", path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and (path.name in _MAP_ASSETS or path.relative_to(root).parts[0] == "vendor")
    ]


_MAP_ASSETS = ("map.js", "map.css")


def write_map_assets(site_dir: Path) -> Path:
    """Copy map.js, map.css and the vendored Leaflet into `site_dir/assets/ctai/` (for hosts
    without MkDocs' file list; the plugin adds `asset_files()` to MkDocs' files instead)."""
    for uri, path in asset_files():
        target = site_dir / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return site_dir / ASSETS_DIR


# --- Adapter for the site (`pages.Site`) -------------------------------------------------------

_SITE_KEYS = ("map.", "opendata.", "theme.", "specific.")


def site_strings(site: pages.Site) -> Callable[[str], dict[str, str]]:
    """The site's interface strings that are really in `lang` (not French standing in)."""

    def strings(lang: str) -> dict[str, str]:
        texts = site.strings(lang).texts
        return {
            key: text.value
            for key, text in texts.items()
            if key.startswith(_SITE_KEYS) and not text.fallback
        }

    return strings


def site_pages(site: pages.Site) -> dict[str, str]:
    """`pages.PAGE_PROVIDERS` entry (`"ctai_site.maps:site_pages"`): the map in every language,
    with titles from the translations (French, marked, where one is missing)."""

    def title_for(action: Action, lang: str) -> tuple[str, str]:
        text = site.localized(action, lang).text("content.title")
        return text.value, text.lang

    return map_pages(site.catalog, site_strings(site), title_for=title_for)
